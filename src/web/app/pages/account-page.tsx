// /account: the signed-in user's profile (a local user edits it, and their password), usage and daily activity,
// upload tokens (create with a comment, revoke) and uploads.
import { useEffect, useId, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import type { PlikUpload, Token, User, UserStats } from '../api/types';
import { ActivityChart } from '../components/activity-chart';
import { FileRequestsPanel } from '../components/file-requests-panel';
import { limitText } from '../components/limit-field';
import { PasswordForm, ProfileForm } from '../components/own-account-forms';
import { TwoFactorPanel } from '../components/two-factor';
import { Passkeys } from '../components/passkeys';
import { deleteUpload, Pager, UploadTable, UPLOADS_COUNTED, usePaged } from '../components/paged';
import { Alert, CopyButton, useTitle } from '../components/ui';
import { Webhooks } from '../components/webhooks';
import { formatDate, formatDuration, formatSize } from '../format';
import { config, signOut, signOutEverywhere } from '../state/session';
import { navigate } from '../router';

export function AccountPage({ user }: { user: User }) {
  useTitle('Your account');
  const [error, setError] = useState('');
  const [stats, setStats] = useState<UserStats | null>(null);
  const uploads = usePaged<PlikUpload>('me/uploads');
  const server = config.value!;

  useEffect(() => {
    api<UserStats>('me/stats').then(setStats, (err) => setError(messageOf(err)));
  }, [uploads.page]);

  /** Signs out one way or another, then goes home; a failure stays on this page, said. */
  const leaveWith = (signingOut: () => Promise<unknown>) =>
    void signingOut().then(
      () => navigate('/'),
      (err) => setError(messageOf(err)),
    );

  return (
    <div class="account">
      <div class="title-row">
        <h1 tabIndex={-1}>Your account</h1>
        <button type="button" class="button" onClick={() => leaveWith(signOut)}>
          Sign out
        </button>
        <button
          type="button"
          class="button"
          title="Ends every session of yours, on every device; upload tokens keep working"
          onClick={() => leaveWith(signOutEverywhere)}
        >
          Sign out everywhere
        </button>
      </div>
      {error && <Alert>{error}</Alert>}
      <div class="cards">
        <section class="card" aria-labelledby="profile-title">
          <h2 id="profile-title">Profile</h2>
          <dl class="facts">
            <dt>Login</dt>
            <dd>{user.login}</dd>
            <dt>Name</dt>
            <dd>{user.name || '–'}</dd>
            <dt>Email</dt>
            <dd>{user.email || '–'}</dd>
            <dt>Signs in with</dt>
            <dd>{user.provider}</dd>
            <dt>Largest file</dt>
            <dd>{limitText(user.maxFileSize, server.maxFileSize, formatSize)}</dd>
            <dt>Longest lifetime</dt>
            <dd>{limitText(user.maxTTL, server.maxTTL, formatDuration)}</dd>
          </dl>
          {user.provider !== 'local' && <p class="hint">Your name and email are those {user.provider} gave at your first sign-in.</p>}
        </section>
        <section class="card" aria-labelledby="usage-title">
          <h2 id="usage-title">Usage</h2>
          {stats && (
            <dl class="facts">
              <dt>Uploads</dt>
              <dd data-testid="stat-uploads">{stats.uploads}</dd>
              <dt>Files</dt>
              <dd>{stats.files}</dd>
              <dt>Total size</dt>
              <dd>{formatSize(stats.totalSize)}</dd>
              <dt>Quota</dt>
              <dd>{limitText(user.maxUserSize, server.maxUserSize, formatSize)}</dd>
            </dl>
          )}
          {stats && <p class="hint">{UPLOADS_COUNTED}</p>}
        </section>
      </div>
      {user.provider === 'local' && (
        <div class="cards">
          <ProfileForm user={user} />
          <PasswordForm />
        </div>
      )}
      {user.provider === 'local' && <TwoFactorPanel />}
      <ActivityChart path="me/activity" whose="Your uploads" />
      <Passkeys />
      {server.feature_api_tokens !== 'disabled' && <Tokens />}
      <Webhooks user={user} />
      <FileRequestsPanel />
      <section aria-labelledby="uploads-title">
        <h2 id="uploads-title">Your uploads</h2>
        {uploads.error && <Alert>{uploads.error}</Alert>}
        {uploads.page && (
          <UploadTable
            caption="Your uploads"
            uploads={uploads.page.results}
            onDelete={(upload) => void deleteUpload(upload, uploads, setError)}
          />
        )}
        <Pager list={uploads} label="Pages of your uploads" />
      </section>
    </div>
  );
}

function Tokens() {
  const tokens = usePaged<Token>('me/token');
  const [comment, setComment] = useState('');
  const [created, setCreated] = useState<Token | null>(null);
  const [error, setError] = useState('');
  const id = useId();

  const create = async (event: Event) => {
    event.preventDefault();
    setError('');
    try {
      setCreated(await api<Token>('me/token', { method: 'POST', body: { comment } }));
      setComment('');
      tokens.reload();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const revoke = async (token: Token) => {
    if (!confirm(`Revoke the token "${token.comment || token.token}"? Scripts using it will stop working.`)) return;
    try {
      await api(`me/token/${encodeURIComponent(token.token)}`, { method: 'DELETE' });
      if (created?.token.startsWith(token.token)) setCreated(null);
      tokens.reload();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">Upload tokens</h2>
      <p class="hint">
        Scripts and Plik's command-line client upload as you with a token, sent as <code>X-PlikToken</code>.
      </p>
      {error && <Alert>{error}</Alert>}
      <form class="row" onSubmit={create}>
        <label for={`${id}-comment`}>Comment</label>
        <input
          id={`${id}-comment`}
          type="text"
          maxLength={1024}
          placeholder="e.g. backup script on nas"
          value={comment}
          onInput={(event) => setComment(event.currentTarget.value)}
        />
        <button type="submit" class="button primary">
          Create token
        </button>
      </form>
      {created && (
        <Alert kind="success">
          New token: <code data-testid="new-token">{created.token}</code> <CopyButton text={created.token} label="Copy token" />
          <br />
          Copy it now: Ferry keeps only its first characters, and cannot show it again.
        </Alert>
      )}
      {tokens.error && <Alert>{tokens.error}</Alert>}
      {tokens.page && tokens.page.results.length === 0 && <p class="empty">No tokens yet.</p>}
      {tokens.page && tokens.page.results.length > 0 && (
        <ul class="tokens">
          {tokens.page.results.map((token) => (
            <li key={token.token}>
              <code title="Only a token's first characters are kept: copy a new token when it is made">{token.token}…</code>
              <span class="token-comment">{token.comment || <span class="hint">no comment</span>}</span>
              <span class="hint">{formatDate(token.createdAt)}</span>
              <button
                type="button"
                class="button small danger"
                onClick={() => void revoke(token)}
                aria-label={`Revoke token ${token.comment || token.token}`}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      <Pager list={tokens} label="Pages of your tokens" />
    </section>
  );
}
