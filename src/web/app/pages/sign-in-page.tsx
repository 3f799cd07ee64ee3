// /login: the local login form, and a button for each external provider the server has configured.
import { useEffect, useId, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import { PasswordReset } from '../components/password-reset';
import { TwoFactorCodeStep, TwoFactorEnrolment } from '../components/two-factor';
import type { Enrolment, RecoveryCodes, SecondStep } from '../../../protocol/ferry-two-factor';
import { Alert, CurrentPasswordField, Field, useTitle } from '../components/ui';
import { signInProviders, type Provider } from '../features';
import { signInWithPasskey } from '../passkeys';
import { navigate, route } from '../router';
import { authEnabled, config, refreshUser, user } from '../state/session';
import { t } from '../state/language';

/** Only paths of this app, never another site: ?next= comes from a URL anyone can craft. */
function nextPage(): string {
  const next = route.value.query.get('next') ?? '';
  return /^\/(?![/\\])/.test(next) ? next : '/account';
}

/**
 * Hook for external providers: GET /auth/<id>/login answers the provider's consent URL (as text, or JSON with
 * a "url"); the browser goes there, and the provider sends it back to Ferry's callback, which signs it in.
 */
async function startProviderSignIn(provider: Provider): Promise<void> {
  const answer = await api<string | { url?: string }>(`auth/${provider.id}/login`);
  const url = typeof answer === 'string' ? answer.trim() : answer.url;
  if (!url) throw new Error(t().providerUnavailable(provider.label));
  location.assign(url);
}

export function SignInPage() {
  useTitle(t().signInTitle);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  // The password was right and a second step is asked for (two-factor.tsx).
  const [secondStep, setSecondStep] = useState<SecondStep>();
  const id = useId();

  useEffect(() => {
    // Already signed in, e.g. back from an external provider: on to where the sign-in was meant to lead.
    if (user.value) navigate(nextPage(), { replace: true });
  }, []);

  if (!authEnabled()) {
    return (
      <section class="card narrow">
        <h1 tabIndex={-1}>{t().signInTitle}</h1>
        <Alert kind="info">{t().noAccounts}</Alert>
      </section>
    );
  }

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await action();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const answer = await api<string | SecondStep>('auth/local/login', { method: 'POST', body: { login, password } });
      if (typeof answer === 'object') {
        setSecondStep(answer);
        setBusy(false);
        return;
      }
      await signedIn();
    });
  };
  const signedIn = async () => {
    await refreshUser();
    navigate(nextPage(), { replace: true });
  };
  if (secondStep) {
    const { challenge } = secondStep;
    return (
      <section class="card narrow">
        <h1 tabIndex={-1}>{t().signInTitle}</h1>
        {secondStep.twoFactor === 'verify' ? (
          <TwoFactorCodeStep challenge={challenge} onSignedIn={signedIn} />
        ) : (
          <>
            <Alert kind="info">{t().twoFactorRequired}</Alert>
            <TwoFactorEnrolment
              start={() => api<Enrolment>('auth/two-factor/enrol', { method: 'POST', body: { challenge } })}
              confirm={(code) => api<RecoveryCodes>('auth/two-factor/enrol/confirm', { method: 'POST', body: { challenge, code } })}
              onDone={() => void signedIn()}
            />
          </>
        )}
      </section>
    );
  }
  const providers = signInProviders(config.value!);
  // FeatureLocalLogin: a server that signs in through outside providers only shows no form.
  const localLogin = config.value!.feature_local_login !== 'disabled';

  return (
    <section class="card narrow">
      <h1 tabIndex={-1}>{t().signInTitle}</h1>
      {error && <Alert>{error}</Alert>}
      {localLogin && (
        <form onSubmit={submit}>
          <Field id={`${id}-login`} label={t().login} type="text" autocomplete="username" required value={login} onValue={setLogin} />
          <CurrentPasswordField id={`${id}-password`} value={password} onValue={setPassword} />
          <button type="submit" class="button primary" disabled={busy}>
            {t().signIn}
          </button>
        </form>
      )}
      {localLogin && <PasswordReset />}
      <div class="providers">
        <button
          type="button"
          class="button"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              await signInWithPasskey();
              await refreshUser();
              navigate(nextPage(), { replace: true });
            })
          }
        >
          {t().signInWithPasskey}
        </button>
      </div>
      {providers.length > 0 && (
        <div class="providers">
          {localLogin && <p>{t().or}</p>}
          {providers.map((provider) => (
            <button
              key={provider.id}
              type="button"
              class="button"
              disabled={busy}
              onClick={() => void run(() => startProviderSignIn(provider))}
            >
              {t().signInWith(provider.label)}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
