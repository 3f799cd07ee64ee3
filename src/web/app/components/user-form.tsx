// An admin's form for a user: creating one (provider, login) or editing one (everything else).
import { useId, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import type { User } from '../api/types';
import { signInProviders } from '../features';
import { durationInput, parseDuration, parseSize, sizeInput } from '../format';
import { config } from '../state/session';
import { Alert } from './ui';

interface Props {
  /** The user to edit; none: a new user. */
  user?: User;
  onSaved: () => void;
  onCancel: () => void;
}

export function UserForm({ user, onSaved, onCancel }: Props) {
  const id = useId();
  const [fields, setFields] = useState({
    provider: user?.provider ?? 'local',
    login: user?.login ?? '',
    password: '',
    name: user?.name ?? '',
    email: user?.email ?? '',
    admin: user?.admin ?? false,
    maxFileSize: sizeInput(user?.maxFileSize ?? 0),
    maxUserSize: sizeInput(user?.maxUserSize ?? 0),
    maxTTL: durationInput(user?.maxTTL ?? 0),
  });
  const [error, setError] = useState('');
  const set = (change: Partial<typeof fields>) => setFields((current) => ({ ...current, ...change }));
  const providers = ['local', ...signInProviders(config.value!).map((provider) => provider.id)];

  const submit = async (event: Event) => {
    event.preventDefault();
    const maxFileSize = parseSize(fields.maxFileSize);
    const maxUserSize = parseSize(fields.maxUserSize);
    const maxTTL = parseDuration(fields.maxTTL);
    if (maxFileSize === undefined || maxUserSize === undefined) return setError('Sizes are numbers of bytes or like 10GB, 500MB; 0 is the server default, -1 no limit.');
    if (maxTTL === undefined) return setError('The lifetime is seconds or like 7d, 12h; 0 is the server default, -1 no limit.');
    const body = {
      provider: fields.provider,
      login: fields.login,
      password: fields.provider === 'local' && fields.password ? fields.password : undefined,
      name: fields.name,
      email: fields.email,
      admin: fields.admin,
      maxFileSize,
      maxUserSize,
      maxTTL,
    };
    try {
      await api(user ? `user/${encodeURIComponent(user.id)}` : 'user', { method: 'POST', body });
      onSaved();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  const text = (name: 'login' | 'name' | 'email' | 'maxFileSize' | 'maxUserSize' | 'maxTTL', label: string, hint?: string) => (
    <div class="field">
      <label for={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        type="text"
        inputMode={name === 'email' ? 'email' : undefined}
        value={fields[name]}
        required={name === 'login'}
        onInput={(event) => set({ [name]: event.currentTarget.value })}
        aria-describedby={hint ? `${id}-${name}-hint` : undefined}
      />
      {hint && (
        <p class="hint" id={`${id}-${name}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );

  return (
    <form class="card user-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{user ? `Edit ${user.login}` : 'New user'}</h3>
      {error && <Alert>{error}</Alert>}
      <div class="grid">
        {!user && (
          <div class="field">
            <label for={`${id}-provider`}>Signs in with</label>
            <select id={`${id}-provider`} value={fields.provider} onChange={(event) => set({ provider: event.currentTarget.value })}>
              {providers.map((provider) => (
                <option key={provider} value={provider}>
                  {provider}
                </option>
              ))}
            </select>
          </div>
        )}
        {!user && text('login', 'Login')}
        {fields.provider === 'local' && (
          <div class="field">
            <label for={`${id}-password`}>{user ? 'New password (optional)' : 'Password'}</label>
            <input id={`${id}-password`} type="password" autocomplete="new-password" required={!user} value={fields.password} onInput={(event) => set({ password: event.currentTarget.value })} />
          </div>
        )}
        {text('name', 'Name')}
        {text('email', 'Email')}
        {text('maxFileSize', 'Largest file', '0: server default, -1: no limit, or e.g. 2GB')}
        {text('maxUserSize', 'Quota', '0: server default, -1: no limit, or e.g. 50GB')}
        {text('maxTTL', 'Longest lifetime', '0: server default, -1: no limit, or e.g. 30d')}
      </div>
      <div class="check">
        <input id={`${id}-admin`} type="checkbox" checked={fields.admin} onChange={(event) => set({ admin: event.currentTarget.checked })} />
        <label for={`${id}-admin`}>Administrator</label>
      </div>
      <div class="actions">
        <button type="submit" class="button primary">
          {user ? 'Save' : 'Create user'}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
