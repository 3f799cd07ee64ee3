// /cli-auth?code=…: a signed-in user approves a command-line client's sign-in (`ferry login --device`, Plik's
// `plik --login`); that client then gets a new token of theirs. The code must match the one the terminal shows:
// someone else's link would hand them a token of this account.
import { useId, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import { Alert, Field, Link, useTitle } from '../components/ui';
import { route } from '../router';
import type { User } from '../api/types';
import { around } from '../../../i18n/around';
import { t } from '../state/language';

export function CliAuthPage({ user }: { user: User }) {
  useTitle(t().cliAuthTitle);
  const [code, setCode] = useState(route.value.query.get('code') ?? '');
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [approvedFor, setApprovedFor] = useState<string | null>(null);
  const id = useId();
  const [asksBefore, asksAfter] = around(t().cliAsks);

  if (approvedFor !== null) {
    return (
      <section class="card narrow">
        <h1 tabIndex={-1}>{t().cliSignedIn}</h1>
        <Alert kind="success">{approvedFor ? t().cliApprovedOn(approvedFor) : t().cliApproved}</Alert>
        <p>
          <Link to="/account">{t().tokensInAccount}</Link>
        </p>
      </section>
    );
  }

  const submit = (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    api<{ hostname: string }>('auth/cli/approve', { method: 'POST', body: { code, comment: comment || undefined } })
      .then((answer) => setApprovedFor(answer.hostname))
      .catch((err: unknown) => setError(messageOf(err)))
      .finally(() => setBusy(false));
  };

  return (
    <section class="card narrow">
      <h1 tabIndex={-1}>{t().cliAuthTitle}</h1>
      <p>
        {asksBefore}
        <strong>{user.login}</strong>
        {asksAfter} {t().cliSameCode}
      </p>
      {error && <Alert>{error}</Alert>}
      <form onSubmit={submit}>
        <Field
          id={`${id}-code`}
          label={t().cliCode}
          type="text"
          autocomplete="off"
          required
          maxLength={64}
          value={code}
          onValue={setCode}
        />
        <Field
          id={`${id}-comment`}
          label={t().optional(t().tokenComment)}
          type="text"
          maxLength={1024}
          value={comment}
          onValue={setComment}
        />
        <button type="submit" class="button primary" disabled={busy}>
          {t().approve}
        </button>
      </form>
    </section>
  );
}
