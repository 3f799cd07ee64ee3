// The admin page's invitations: make one (an address to email it to, a note, how many days it lasts), see its link
// once, list them all with their state, revoke those still pending.
import { useEffect, useId, useState } from 'preact/hooks';
import type { WireInvitation } from '../../../protocol/ferry-invitations.js';
import { api, messageOf } from '../api/client';
import { formatDate } from '../format';
import { t } from '../state/language';
import { Alert, Field } from './ui';

const DAY = 24 * 3600;

export function InvitationsPanel() {
  const [invitations, setInvitations] = useState<WireInvitation[]>([]);
  const [email, setEmail] = useState('');
  const [note, setNote] = useState('');
  const [days, setDays] = useState('7');
  const [made, setMade] = useState<{ link: string; emailed: boolean } | null>(null);
  const [error, setError] = useState('');
  const id = useId();

  const reload = () =>
    api<{ invitations: WireInvitation[] }>('invitations')
      .then((answer) => setInvitations(answer.invitations))
      .catch((err: unknown) => setError(messageOf(err)));
  useEffect(() => void reload(), []);

  const run = (action: () => Promise<void>) => {
    setError('');
    action()
      .then(reload)
      .catch((err: unknown) => setError(messageOf(err)));
  };
  const create = (event: Event) => {
    event.preventDefault();
    run(async () => {
      const body = { email, note, ttl: Math.round(Number(days) * DAY) };
      const answer = await api<{ link: string; emailed: boolean }>('invitations', { method: 'POST', body });
      setMade({ link: answer.link, emailed: answer.emailed });
      setEmail('');
      setNote('');
    });
  };
  const revoke = (invitation: WireInvitation) =>
    run(async () => {
      await api(`invitations/${encodeURIComponent(invitation.id)}`, { method: 'DELETE' });
    });

  const columns = t().invitationColumns;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t().invitationsTitle}</h2>
      <p class="hint">{t().invitationsHint}</p>
      {error && <Alert>{error}</Alert>}
      {made && (
        <Alert kind="success">
          {t().invitationLinkOnce} <code class="invitation-link">{made.link}</code>
          {made.emailed && ` ${t().invitationEmailed}`}
        </Alert>
      )}
      <form onSubmit={create} class="invitation-form">
        <Field id={`${id}-email`} label={t().optional(t().inviteEmail)} type="email" value={email} onValue={setEmail} />
        <Field id={`${id}-note`} label={t().optional(t().invitationNote)} type="text" maxLength={1024} value={note} onValue={setNote} />
        <Field id={`${id}-days`} label={t().invitationDays} type="text" required value={days} onValue={setDays} />
        <button type="submit" class="button primary">
          {t().invitationCreate}
        </button>
      </form>
      {invitations.length === 0 ? (
        <p>{t().invitationsNone}</p>
      ) : (
        <table class="invitations">
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
              <td />
            </tr>
          </thead>
          <tbody>
            {invitations.map((invitation) => (
              <tr key={invitation.id}>
                <td>{invitation.email}</td>
                <td>{invitation.note}</td>
                <td>{t().invitationStates[invitation.state]}</td>
                <td>{formatDate(invitation.expireAt)}</td>
                <td>{invitation.usedBy ?? ''}</td>
                <td>
                  {invitation.state === 'pending' && (
                    <button type="button" class="button" onClick={() => revoke(invitation)}>
                      {t().invitationRevoke}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
