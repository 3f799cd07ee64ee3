// Asks for the password of a protected upload; its login only if the uploader chose one (see download-auth.ts).
import { useId, useState } from 'preact/hooks';
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
      <h1 tabIndex={-1}>This upload is protected</h1>
      <p>Enter the password its uploader gave you.</p>
      {error && <Alert>{error}</Alert>}
      <CurrentPasswordField id={`${id}-password`} value={password} onValue={setPassword} />
      <details class="login-given">
        <summary>I was given a login too</summary>
        <Field id={`${id}-login`} label="Login" type="text" autocomplete="username" value={login} onValue={setLogin} />
      </details>
      <button type="submit" class="button primary" disabled={checking}>
        {checking ? 'Checking…' : 'Open'}
      </button>
    </form>
  );
}
