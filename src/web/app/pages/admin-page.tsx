// /admin: users (create, edit, delete), every upload, invitations, and the server's numbers and daily activity. For server
// admins only.
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import type { PlikUpload, ServerStats, User } from '../api/types';
import { ActivityChart } from '../components/activity-chart';
import { Notice } from '../components/notice';
import { deleteUpload, Pager, UploadTable, UPLOADS_COUNTED, usePaged } from '../components/paged';
import { InvitationsPanel } from '../components/invitations-panel';
import { UserForm } from '../components/user-form';
import { Alert, Link, Loading, useTitle } from '../components/ui';
import { formatDate, formatSize } from '../format';
import { route } from '../router';

const TABS = [
  { id: 'users', label: 'Users' },
  { id: 'uploads', label: 'Uploads' },
  { id: 'invitations', label: 'Invitations' },
  { id: 'stats', label: 'Server' },
] as const;

export function AdminPage({ me }: { me: User }) {
  const tab = TABS.find((t) => t.id === route.value.query.get('tab')) ?? TABS[0];
  useTitle(`Admin · ${tab.label}`);
  return (
    <div class="admin">
      <h1 tabIndex={-1}>Administration</h1>
      <nav class="tabs" aria-label="Administration">
        {TABS.map((t) => (
          <Link key={t.id} to={`/admin?tab=${t.id}`} aria-current={t.id === tab.id ? 'page' : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      {tab.id === 'users' && <Users me={me} />}
      {tab.id === 'uploads' && <Uploads />}
      {tab.id === 'invitations' && <InvitationsPanel />}
      {tab.id === 'stats' && <Stats />}
    </div>
  );
}

function Users({ me }: { me: User }) {
  const users = usePaged<User>('users', 20);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const edit = (user: User | 'new') => {
    setNotice('');
    setEditing(user);
  };
  const saved = (user: User, created: boolean) => {
    setEditing(null);
    setNotice(created ? `User ${user.login} created.` : `Changes to ${user.login} saved.`);
    users.reload();
  };
  const remove = async (user: User) => {
    if (!confirm(`Delete the user ${user.login}?`)) return;
    setNotice('');
    try {
      await api(`user/${encodeURIComponent(user.id)}`, { method: 'DELETE' });
      setNotice(`User ${user.login} deleted.`);
      users.reload();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  const resetTwoFactor = async (user: User) => {
    if (!confirm(`Turn off two-factor sign-in of ${user.login}? They will sign in with their password alone.`)) return;
    setNotice('');
    try {
      await api(`user/${encodeURIComponent(user.id)}/two-factor`, { method: 'DELETE' });
      setNotice(`Two-factor sign-in of ${user.login} turned off.`);
      users.reload();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <section aria-labelledby="users-title">
      <div class="title-row">
        <h2 id="users-title">Users</h2>
        <button type="button" class="button primary" onClick={() => edit('new')}>
          New user
        </button>
      </div>
      <Notice text={notice} />
      {error && <Alert>{error}</Alert>}
      {users.error && <Alert>{users.error}</Alert>}
      {editing && (
        <UserForm
          key={editing === 'new' ? 'new' : editing.id}
          user={editing === 'new' ? undefined : editing}
          onSaved={saved}
          onCancel={() => setEditing(null)}
        />
      )}
      {!users.page && !users.error && <Loading what="Loading users" />}
      {users.page && (
        <div class="table-wrap">
          <table class="with-actions">
            <caption class="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">Login</th>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Provider</th>
                <th scope="col">Role</th>
                <th scope="col">Two-factor</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.page.results.map((user) => (
                <tr key={user.id}>
                  <td>{user.login}</td>
                  <td>{user.name}</td>
                  <td>{user.email}</td>
                  <td>{user.provider}</td>
                  <td>{user.admin ? 'admin' : 'user'}</td>
                  <td>{user.twoFactor ? 'on' : 'off'}</td>
                  <td>{formatDate(user.createdAt)}</td>
                  <td>
                    <div class="cell-actions">
                      <button type="button" class="button small" onClick={() => edit(user)} aria-label={`Edit ${user.login}`}>
                        Edit
                      </button>
                      {user.twoFactor && (
                        <button
                          type="button"
                          class="button small"
                          onClick={() => void resetTwoFactor(user)}
                          aria-label={`Reset two-factor of ${user.login}`}
                        >
                          Reset two-factor
                        </button>
                      )}
                      {user.id !== me.id && (
                        <button
                          type="button"
                          class="button small danger"
                          onClick={() => void remove(user)}
                          aria-label={`Delete ${user.login}`}
                        >
                          Delete
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager list={users} label="Pages of users" />
    </section>
  );
}

function Uploads() {
  const uploads = usePaged<PlikUpload>('uploads', 20);
  const [error, setError] = useState('');
  return (
    <section aria-labelledby="all-uploads-title">
      <h2 id="all-uploads-title">All uploads</h2>
      {error && <Alert>{error}</Alert>}
      {uploads.error && <Alert>{uploads.error}</Alert>}
      {!uploads.page && !uploads.error && <Loading what="Loading uploads" />}
      {uploads.page && (
        <UploadTable
          caption="All uploads"
          showOwner
          uploads={uploads.page.results}
          onDelete={(upload) => void deleteUpload(upload, uploads, setError)}
        />
      )}
      <Pager list={uploads} label="Pages of uploads" />
    </section>
  );
}

function Stats() {
  const [stats, setStats] = useState<ServerStats | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api<ServerStats>('stats').then(setStats, (err) => setError(messageOf(err)));
  }, []);
  if (error) return <Alert>{error}</Alert>;
  if (!stats) return <Loading what="Loading the server's numbers" />;
  return (
    <>
      <section class="card" aria-labelledby="stats-title">
        <h2 id="stats-title">Server</h2>
        <dl class="facts">
          <dt>Users</dt>
          <dd data-testid="stat-users">{stats.users}</dd>
          <dt>Uploads</dt>
          <dd data-testid="stat-uploads">{stats.uploads}</dd>
          <dt>of which anonymous</dt>
          <dd>{stats.anonymousUploads}</dd>
          <dt>Files</dt>
          <dd>{stats.files}</dd>
          <dt>Total size</dt>
          <dd>{formatSize(stats.totalSize)}</dd>
          <dt>of which anonymous</dt>
          <dd>{formatSize(stats.anonymousTotalSize)}</dd>
        </dl>
        <p class="hint">{UPLOADS_COUNTED}</p>
      </section>
      <ActivityChart path="activity" whose="The whole server" />
    </>
  );
}
