// /cli-auth?code=…: a signed-in user approves a command-line client's sign-in (`ferry login --device`, Plik's
// `plik --login`); that client then gets a new token of theirs. The code must match the one the terminal shows:
// someone else's link would hand them a token of this account.
import { useId, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import { Alert, Field, Link, useTitle } from '../components/ui';
import { route } from '../router';
import type { User } from '../api/types';

export function CliAuthPage({ user }: { user: User }) {
  useTitle('Approve a command-line sign-in');
  const [code, setCode] = useState(route.value.query.get('code') ?? '');
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [approvedFor, setApprovedFor] = useState<string | null>(null);
  const id = useId();

  if (approvedFor !== null) {
    return (
      <section class="card narrow">
        <h1 tabIndex={-1}>Command-line client signed in</h1>
        <Alert kind="success">
          {approvedFor ? `The client on ${approvedFor}` : 'The client'} now has a token of yours; you may close this page.
        </Alert>
        <p>
          <Link to="/account">Your tokens are listed in your account</Link>
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
      <h1 tabIndex={-1}>Approve a command-line sign-in</h1>
      <p>
        A command-line client asks for a token of your account, <strong>{user.login}</strong>. Approve only if your own terminal shows this
        same code.
      </p>
      {error && <Alert>{error}</Alert>}
      <form onSubmit={submit}>
        <Field id={`${id}-code`} label="Code" type="text" autocomplete="off" required maxLength={64} value={code} onValue={setCode} />
        <Field id={`${id}-comment`} label="Token comment (optional)" type="text" maxLength={1024} value={comment} onValue={setComment} />
        <button type="submit" class="button primary" disabled={busy}>
          Approve
        </button>
      </form>
    </section>
  );
}
