// Two-factor (TOTP) in the page: enrolment (a QR code drawn here, in the browser, so that the secret never travels
// in a URL; the secret as text; a first code; the recovery codes shown once), the account's panel to turn it on and
// off, and the sign-in's code step.
import { useEffect, useId, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import type { Enrolment, RecoveryCodes, TwoFactorStatus } from '../../../protocol/ferry-two-factor';
import { t } from '../state/language';
import { Alert, Field } from './ui';

/** The code field: digits from an app, or a recovery code. */
function CodeField({ id, value, onValue }: { id: string; value: string; onValue: (value: string) => void }) {
  return (
    <Field
      id={id}
      label={t().twoFactorCode}
      type="text"
      autocomplete="one-time-code"
      required
      maxLength={32}
      value={value}
      onValue={onValue}
    />
  );
}

/** Sends `action`, showing what went wrong; `busy` while it runs. */
function useAction() {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await action();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

/** Enrolment from start to the recovery codes; `start` and `confirm` say where (the account, or a sign-in's challenge). */
export function TwoFactorEnrolment({
  start,
  confirm,
  onDone,
}: {
  start: () => Promise<Enrolment>;
  confirm: (code: string) => Promise<RecoveryCodes>;
  onDone: () => void;
}) {
  const id = useId();
  const [enrolment, setEnrolment] = useState<Enrolment>();
  const [qr, setQr] = useState('');
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  const { error, busy, run } = useAction();
  useEffect(() => {
    void run(async () => {
      const started = await start();
      setEnrolment(started);
      // qrcode is loaded only by those who enrol.
      const { toDataURL } = await import('qrcode');
      setQr(await toDataURL(started.uri, { margin: 1, width: 240 }));
    });
  }, []);

  if (recoveryCodes) {
    return (
      <div class="two-factor-codes">
        <h3>{t().recoveryCodesTitle}</h3>
        <p>{t().recoveryCodesText}</p>
        <ul class="recovery-codes" data-testid="recovery-codes">
          {recoveryCodes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <button type="button" class="button primary" onClick={onDone}>
          {t().recoveryCodesSaved}
        </button>
      </div>
    );
  }
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => setRecoveryCodes((await confirm(code.trim())).recoveryCodes));
  };
  return (
    <form onSubmit={submit}>
      {error && <Alert>{error}</Alert>}
      {enrolment && (
        <>
          <p>{t().twoFactorScan}</p>
          {qr && <img class="qrcode" src={qr} width={240} height={240} alt={t().twoFactorQr} />}
          <p>
            {t().twoFactorSecret}: <code data-testid="totp-secret">{enrolment.secret}</code>
          </p>
          <CodeField id={`${id}-code`} value={code} onValue={setCode} />
          <button type="submit" class="button primary" disabled={busy}>
            {t().twoFactorConfirm}
          </button>
        </>
      )}
    </form>
  );
}

/** The account page's panel: whether it is on, turning it on, and off with the password or a code. */
export function TwoFactorPanel() {
  const id = useId();
  const [status, setStatus] = useState<TwoFactorStatus>();
  const [enrolling, setEnrolling] = useState(false);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const { error, busy, run } = useAction();
  const load = () => run(async () => setStatus(await api<TwoFactorStatus>('me/two-factor')));
  useEffect(() => void load(), []);
  const disable = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const body = code.trim() ? { code: code.trim() } : { password };
      await api('me/two-factor/disable', { method: 'POST', body });
      setPassword('');
      setCode('');
      setStatus(await api<TwoFactorStatus>('me/two-factor'));
    });
  };
  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t().twoFactorTitle}</h2>
      {error && <Alert>{error}</Alert>}
      {status && !status.enabled && !enrolling && (
        <>
          <p>{t().twoFactorOff}</p>
          <button type="button" class="button primary" onClick={() => setEnrolling(true)}>
            {t().twoFactorEnable}
          </button>
        </>
      )}
      {enrolling && (
        <TwoFactorEnrolment
          start={() => api<Enrolment>('me/two-factor', { method: 'POST' })}
          confirm={(c) => api<RecoveryCodes>('me/two-factor/confirm', { method: 'POST', body: { code: c } })}
          onDone={() => {
            setEnrolling(false);
            void load();
          }}
        />
      )}
      {status?.enabled && !enrolling && (
        <form onSubmit={disable}>
          <p data-testid="two-factor-on">{t().twoFactorOn(status.recoveryCodesLeft)}</p>
          <p class="hint">{t().twoFactorDisableWith}</p>
          <Field
            id={`${id}-password`}
            label={t().password}
            type="password"
            autocomplete="current-password"
            value={password}
            onValue={setPassword}
          />
          <CodeField id={`${id}-code`} value={code} onValue={setCode} />
          <button type="submit" class="button danger" disabled={busy}>
            {t().twoFactorDisable}
          </button>
        </form>
      )}
    </section>
  );
}

/** The sign-in's second step: a code for the challenge the password earned. */
export function TwoFactorCodeStep({ challenge, onSignedIn }: { challenge: string; onSignedIn: () => Promise<void> }) {
  const id = useId();
  const [code, setCode] = useState('');
  const { error, busy, run } = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await api('auth/two-factor', { method: 'POST', body: { challenge, code: code.trim() } });
      await onSignedIn();
    });
  };
  return (
    <form onSubmit={submit}>
      {error && <Alert>{error}</Alert>}
      <p>{t().twoFactorSignInCode}</p>
      <CodeField id={`${id}-code`} value={code} onValue={setCode} />
      <button type="submit" class="button primary" disabled={busy}>
        {t().twoFactorVerify}
      </button>
    </form>
  );
}
