// /invite#token=…: the page of an invitation link. It reads the invitation (its address, prefilled), makes the local
// account, and signs in with it. The token stays in the fragment, which no server log sees, and needs no session.
import { useEffect, useId, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import { Alert, Field, Loading, useTitle } from '../components/ui';
import { navigate } from '../router';
import { refreshUser } from '../state/session';
import { t } from '../state/language';

const tokenInPage = () => (location.hash.startsWith('#token=') ? location.hash.slice('#token='.length) : '');

export function InvitePage() {
  useTitle(t().inviteTitle);
  const [token] = useState(tokenInPage);
  const [state, setState] = useState<'checking' | 'ready' | 'refused'>(token ? 'checking' : 'refused');
  const [error, setError] = useState(token ? '' : t().inviteMissing);
  const [busy, setBusy] = useState(false);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const id = useId();

  useEffect(() => {
    if (!token) return;
    api<{ email: string }>('auth/invitation', { method: 'POST', body: { token } })
      .then((pending) => {
        setEmail(pending.email);
        setState('ready');
      })
      .catch((err: unknown) => {
        setError(messageOf(err));
        setState('refused');
      });
  }, [token]);

  const submit = (event: Event) => {
    event.preventDefault();
    setError('');
    setBusy(true);
    void (async () => {
      try {
        await api('auth/invitation/accept', { method: 'POST', body: { token, login, password, name, email } });
        await api('auth/local/login', { method: 'POST', body: { login, password } });
        await refreshUser();
        navigate('/account', { replace: true });
      } catch (err) {
        setError(messageOf(err));
        setBusy(false);
      }
    })();
  };

  return (
    <section class="card narrow">
      <h1 tabIndex={-1}>{t().inviteTitle}</h1>
      {error && <Alert>{error}</Alert>}
      {state === 'checking' && <Loading what={t().inviteChecking} />}
      {state === 'ready' && (
        <form onSubmit={submit}>
          <p>{t().inviteIntro}</p>
          <Field id={`${id}-login`} label={t().login} type="text" autocomplete="username" required value={login} onValue={setLogin} />
          <Field
            id={`${id}-password`}
            label={t().password}
            type="password"
            autocomplete="new-password"
            required
            minLength={8}
            value={password}
            onValue={setPassword}
          />
          <Field id={`${id}-name`} label={t().optional(t().inviteName)} type="text" autocomplete="name" value={name} onValue={setName} />
          <Field
            id={`${id}-email`}
            label={t().optional(t().inviteEmail)}
            type="email"
            autocomplete="email"
            value={email}
            onValue={setEmail}
          />
          <button type="submit" class="button primary" disabled={busy}>
            {t().inviteCreate}
          </button>
        </form>
      )}
    </section>
  );
}
