// Asks for the password of a protected upload; its login only if the uploader chose one (see download-auth.ts).
import { useId, useState } from 'preact/hooks';
import { t } from '../state/language';
import { Alert, CurrentPasswordField, Field } from './ui';

interface Props {
  /** Why the last password was refused; cleared while the next one is checked. */
  error: string;
  checking: boolean;
  onSubmit: (password: string, login: string) => void;
}

export function PasswordPrompt({ error, checking, onSubmit }: Props) {
  const [password, setPassword] = useState('');
  const [login, setLogin] = useState('');
  const id = useId();
  return (
    <form
      class="card narrow"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(password, login.trim());
      }}
    >
      <h1 tabIndex={-1}>{t().uploadProtected}</h1>
      <p>{t().enterUploadPassword}</p>
      {error && <Alert>{error}</Alert>}
      <CurrentPasswordField id={`${id}-password`} value={password} onValue={setPassword} />
      <details class="login-given">
        <summary>{t().loginGivenToo}</summary>
        <Field id={`${id}-login`} label={t().login} type="text" autocomplete="username" value={login} onValue={setLogin} />
      </details>
      <button type="submit" class="button primary" disabled={checking}>
        {checking ? t().checking : t().open}
      </button>
    </form>
  );
}
