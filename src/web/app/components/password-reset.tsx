// The sign-in page's password reset: "forgot your password?" asks for an email, and the emailed link
// (/login#reset=<token>, the token in the fragment so that no server log sees it) opens the new-password form.
import { useId, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import { Alert, Field } from './ui';

const strings = {
  forgot: 'Forgot your password?',
  login: 'Account name',
  send: 'Email me a reset link',
  sent: 'If this login has an email address, a reset link is on its way. It works for an hour.',
  newPassword: 'New password',
  save: 'Set the new password',
  done: 'Your password is changed: sign in with it.',
};

const tokenInPage = () => (location.hash.startsWith('#reset=') ? location.hash.slice('#reset='.length) : '');

export function PasswordReset() {
  const [token, setToken] = useState(tokenInPage);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const id = useId();

  const run = (event: Event, action: () => Promise<void>) => {
    event.preventDefault();
    setError('');
    action().catch((err: unknown) => setError(messageOf(err)));
  };
  const ask = (event: Event) =>
    run(event, async () => {
      await api('auth/password-reset', { method: 'POST', body: { login } });
      setNotice(strings.sent);
    });
  const reset = (event: Event) =>
    run(event, async () => {
      await api('auth/password-reset/confirm', { method: 'POST', body: { token, password } });
      history.replaceState(null, '', location.pathname + location.search);
      setToken('');
      setNotice(strings.done);
    });

  const messages = (
    <>
      {error && <Alert>{error}</Alert>}
      {notice && <Alert kind="success">{notice}</Alert>}
    </>
  );
  if (token) {
    return (
      <form onSubmit={reset} class="password-reset">
        {messages}
        <Field
          id={`${id}-new`}
          label={strings.newPassword}
          type="password"
          autocomplete="new-password"
          required
          minLength={8}
          value={password}
          onValue={setPassword}
        />
        <button type="submit" class="button primary">
          {strings.save}
        </button>
      </form>
    );
  }
  return (
    <details class="password-reset">
      <summary>{strings.forgot}</summary>
      {messages}
      <form onSubmit={ask}>
        <Field id={`${id}-login`} label={strings.login} type="text" autocomplete="username" required value={login} onValue={setLogin} />
        <button type="submit" class="button">
          {strings.send}
        </button>
      </form>
    </details>
  );
}
