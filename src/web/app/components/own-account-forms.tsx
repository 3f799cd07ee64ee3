// A local user's own forms on the account page: their name and email, and their password (the current one first).
import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import type { User } from '../api/types';
import { user as signedIn } from '../state/session';
import { Notice } from './notice';
import { Alert, Field } from './ui';

/** A form whose `action` says what it did (shown as a notice) or throws what went wrong (shown as an alert). */
function AccountForm({
  title,
  submitLabel,
  action,
  children,
}: {
  title: string;
  submitLabel: string;
  action: () => Promise<string>;
  children: ComponentChildren;
}) {
  const id = useId();
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    setError('');
    setNotice('');
    try {
      setNotice(await action());
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {error && <Alert>{error}</Alert>}
      {children}
      <div class="actions">
        <button type="submit" class="button primary">
          {submitLabel}
        </button>
      </div>
      <Notice text={notice} />
    </form>
  );
}

export function ProfileForm({ user }: { user: User }) {
  const id = useId();
  const [name, setName] = useState(user.name);
  const [email, setEmail] = useState(user.email);
  const save = async () => {
    signedIn.value = await api<User>('me/profile', { method: 'POST', body: { name, email } });
    return 'Profile saved.';
  };
  return (
    <AccountForm title="Edit profile" submitLabel="Save profile" action={save}>
      <Field id={`${id}-name`} label="Name" type="text" maxLength={255} autocomplete="name" value={name} onValue={setName} />
      <Field id={`${id}-email`} label="Email" type="email" maxLength={255} autocomplete="email" value={email} onValue={setEmail} />
    </AccountForm>
  );
}

const NO_PASSWORDS = { current: '', password: '', repeated: '' };

export function PasswordForm() {
  const id = useId();
  const [fields, setFields] = useState(NO_PASSWORDS);
  const change = async () => {
    if (fields.password !== fields.repeated) throw new Error('The new password and its repetition differ.');
    const { sessionsEnded } = await api<{ sessionsEnded: number }>('me/password', {
      method: 'POST',
      body: { current: fields.current, password: fields.password },
    });
    setFields(NO_PASSWORDS);
    return `Password changed. ${sessionsEnded === 1 ? '1 other session was' : `${sessionsEnded} other sessions were`} signed out.`;
  };
  const field = (name: keyof typeof fields, label: string, autocomplete: string) => (
    <Field
      id={`${id}-${name}`}
      label={label}
      type="password"
      required
      minLength={name === 'current' ? undefined : 8}
      maxLength={1024}
      autocomplete={autocomplete}
      value={fields[name]}
      onValue={(value) => setFields((current) => ({ ...current, [name]: value }))}
    />
  );
  return (
    <AccountForm title="Change password" submitLabel="Change password" action={change}>
      {field('current', 'Current password', 'current-password')}
      {field('password', 'New password', 'new-password')}
      {field('repeated', 'New password again', 'new-password')}
      <p class="hint">At least 8 characters. Your other sessions are signed out; upload tokens keep working.</p>
    </AccountForm>
  );
}
