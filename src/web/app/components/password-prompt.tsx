// Asks for the login and password of a protected upload.
import { useId, useState } from 'preact/hooks';
import { Alert } from './ui';

export function PasswordPrompt({ error, onSubmit }: { error: string; onSubmit: (login: string, password: string) => void }) {
  const [login, setLogin] = useState('plik');
  const [password, setPassword] = useState('');
  const id = useId();
  return (
    <form
      class="card narrow"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(login, password);
      }}
    >
      <h1 tabIndex={-1}>This upload is protected</h1>
      <p>Enter the login and password its uploader gave you.</p>
      {error && <Alert>{error}</Alert>}
      <div class="field">
        <label for={`${id}-login`}>Login</label>
        <input id={`${id}-login`} type="text" autocomplete="username" value={login} onInput={(event) => setLogin(event.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={`${id}-password`}>Password</label>
        <input id={`${id}-password`} type="password" autocomplete="current-password" required value={password} onInput={(event) => setPassword(event.currentTarget.value)} />
      </div>
      <button type="submit" class="button primary">
        Open
      </button>
    </form>
  );
}
