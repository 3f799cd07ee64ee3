// An admin's form for a user: creating one (provider, login) or editing one (everything else).
import { useId, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import type { User } from '../api/types';
import { signInProviders } from '../features';
import { durationInput, formatDuration, formatSize, parseDuration, parseSize, sizeInput } from '../format';
import { config } from '../state/session';
import { LimitField, limitInput, limitValue } from './limit-field';
import { Alert } from './ui';

interface Props {
  /** The user to edit; none: a new user. */
  user?: User;
  /** The user as saved, and whether it was created. */
  onSaved: (user: User, created: boolean) => void;
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
    maxFileSize: limitInput(user?.maxFileSize ?? 0, sizeInput),
    maxUserSize: limitInput(user?.maxUserSize ?? 0, sizeInput),
    maxTTL: limitInput(user?.maxTTL ?? 0, durationInput),
  });
  const [error, setError] = useState('');
  const set = (change: Partial<typeof fields>) => setFields((current) => ({ ...current, ...change }));
  const providers = ['local', ...signInProviders(config.value!).map((provider) => provider.id)];
  const server = config.value!;

  const submit = async (event: Event) => {
    event.preventDefault();
    const maxFileSize = limitValue(fields.maxFileSize, parseSize);
    const maxUserSize = limitValue(fields.maxUserSize, parseSize);
    const maxTTL = limitValue(fields.maxTTL, parseDuration);
    if (maxFileSize === undefined || maxUserSize === undefined) return setError('A size limit is a number of bytes, or like 10GB, 500MB.');
    if (maxTTL === undefined) return setError('A lifetime limit is a number of seconds, or like 7d, 12h.');
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
      onSaved(await api<User>(user ? `user/${encodeURIComponent(user.id)}` : 'user', { method: 'POST', body }), !user);
    } catch (err) {
      setError(messageOf(err));
    }
  };

  const text = (name: 'login' | 'name' | 'email', label: string) => (
    <div class="field">
      <label for={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        type="text"
        inputMode={name === 'email' ? 'email' : undefined}
        value={fields[name]}
        required={name === 'login'}
        onInput={(event) => set({ [name]: event.currentTarget.value })}
      />
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
            <input
              id={`${id}-password`}
              type="password"
              autocomplete="new-password"
              required={!user}
              value={fields.password}
              onInput={(event) => set({ password: event.currentTarget.value })}
            />
          </div>
        )}
        {text('name', 'Name')}
        {text('email', 'Email')}
        <LimitField
          label="Largest file"
          input={fields.maxFileSize}
          server={server.maxFileSize}
          format={formatSize}
          example="2GB"
          onChange={(maxFileSize) => set({ maxFileSize })}
        />
        <LimitField
          label="Quota"
          input={fields.maxUserSize}
          server={server.maxUserSize}
          format={formatSize}
          example="50GB"
          onChange={(maxUserSize) => set({ maxUserSize })}
        />
        <LimitField
          label="Longest lifetime"
          input={fields.maxTTL}
          server={server.maxTTL}
          format={formatDuration}
          example="30d"
          onChange={(maxTTL) => set({ maxTTL })}
        />
      </div>
      <div class="check">
        <input
          id={`${id}-admin`}
          type="checkbox"
          checked={fields.admin}
          onChange={(event) => set({ admin: event.currentTarget.checked })}
        />
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
