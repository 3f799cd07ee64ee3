// Asks for the password of a protected upload; its login only if the uploader chose one (see download-auth.ts).
import { useId, useState } from 'preact/hooks';
import { Alert } from './ui';

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
      <div class="field">
        <label for={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(event) => setPassword(event.currentTarget.value)}
        />
      </div>
      <details class="login-given">
        <summary>I was given a login too</summary>
        <div class="field">
          <label for={`${id}-login`}>Login</label>
          <input
            id={`${id}-login`}
            type="text"
            autocomplete="username"
            value={login}
            onInput={(event) => setLogin(event.currentTarget.value)}
          />
        </div>
      </details>
      <button type="submit" class="button primary" disabled={checking}>
        {checking ? 'Checking…' : 'Open'}
      </button>
    </form>
  );
}
