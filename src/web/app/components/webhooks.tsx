// /account's Notifications section: the user's webhooks (an admin's server-wide ones too), added with the
// events they want (the secret shown once), deleted, test-called, with their delivery logs.
import { useEffect, useId, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import type { User } from '../api/types';
import { formatDate } from '../format';
import { useActionState } from './action-state';
import { strings } from './notifications-strings';
import { Alert, CopyButton } from './ui';

interface Webhook {
  id: string;
  url: string;
  events: string[];
  description: string;
  serverWide: boolean;
  createdAt: string;
}

interface Delivery {
  id: string;
  eventType: string;
  state: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string;
  createdAt: string;
}

export function Webhooks({ user }: { user: User }) {
  const [webhooks, setWebhooks] = useState<Webhook[]>([]);
  const [events, setEvents] = useState<string[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [serverWide, setServerWide] = useState(false);
  const [secret, setSecret] = useState('');
  const { error, setError, notice, setNotice, run } = useActionState();
  const id = useId();

  const reload = () =>
    api<{ webhooks: Webhook[]; events: string[] }>('me/webhooks').then(
      (list) => {
        setWebhooks(list.webhooks);
        setEvents(list.events);
      },
      (err) => setError(messageOf(err)),
    );
  useEffect(() => void reload(), []);

  const add = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const created = await api<{ secret: string }>('me/webhooks', {
        method: 'POST',
        body: { url, events: chosen, description, ...(serverWide && { serverWide }) },
      });
      setSecret(created.secret);
      setUrl('');
      setDescription('');
      await reload();
    });
  };
  const remove = (webhook: Webhook) => {
    if (!confirm(strings.confirmRemove(webhook.url))) return;
    void run(async () => {
      await api(`me/webhooks/${webhook.id}`, { method: 'DELETE' });
      await reload();
    });
  };
  const test = (webhook: Webhook) =>
    void run(async () => {
      await api(`me/webhooks/${webhook.id}/test`, { method: 'POST' });
      setNotice(strings.testQueued);
    });
  const toggle = (name: string, on: boolean) => setChosen((now) => (on ? [...now, name] : now.filter((e) => e !== name)));

  return (
    <section aria-labelledby={`${id}-title`} class="webhooks">
      <h2 id={`${id}-title`}>{strings.webhooksTitle}</h2>
      <p class="hint">{strings.webhooksHint}</p>
      {error && <Alert>{error}</Alert>}
      {notice && <Alert kind="success">{notice}</Alert>}
      <form class="webhook-form" onSubmit={add}>
        <label for={`${id}-url`}>{strings.url}</label>
        <input
          id={`${id}-url`}
          type="url"
          required
          maxLength={2048}
          placeholder={strings.urlPlaceholder}
          value={url}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
        <label for={`${id}-description`}>{strings.description}</label>
        <input
          id={`${id}-description`}
          type="text"
          maxLength={255}
          value={description}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
        <fieldset>
          <legend>{strings.events}</legend>
          {events.map((name) => (
            <label key={name} class="check">
              <input type="checkbox" checked={chosen.includes(name)} onChange={(e) => toggle(name, e.currentTarget.checked)} />{' '}
              <code>{name}</code>
            </label>
          ))}
        </fieldset>
        {user.admin && (
          <label class="check">
            <input type="checkbox" checked={serverWide} onChange={(e) => setServerWide(e.currentTarget.checked)} /> {strings.serverWide}
          </label>
        )}
        <button type="submit" class="button primary">
          {strings.add}
        </button>
      </form>
      {secret && (
        <Alert kind="success">
          {strings.secretShown} <code data-testid="webhook-secret">{secret}</code> <CopyButton text={secret} label="Copy secret" />
          <br />
          {strings.secretOnce}
        </Alert>
      )}
      {webhooks.length === 0 && <p class="empty">{strings.none}</p>}
      <ul class="webhook-list">
        {webhooks.map((webhook) => (
          <WebhookItem key={webhook.id} webhook={webhook} onRemove={() => remove(webhook)} onTest={() => test(webhook)} />
        ))}
      </ul>
    </section>
  );
}

function WebhookItem({ webhook, onRemove, onTest }: { webhook: Webhook; onRemove: () => void; onTest: () => void }) {
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [error, setError] = useState('');
  const show = () =>
    deliveries
      ? setDeliveries(null)
      : api<{ deliveries: Delivery[] }>(`me/webhooks/${webhook.id}/deliveries`).then(
          (log) => setDeliveries(log.deliveries),
          (err) => setError(messageOf(err)),
        );
  return (
    <li>
      <code>{webhook.url}</code> {webhook.serverWide && <span class="badge">{strings.serverBadge}</span>}
      <span class="hint">
        {webhook.description} · {webhook.events.join(', ')}
      </span>
      <span class="actions">
        <button type="button" class="button small" onClick={onTest}>
          {strings.test}
        </button>
        <button type="button" class="button small" onClick={() => void show()} aria-expanded={deliveries !== null}>
          {deliveries ? strings.hideDeliveries : strings.showDeliveries}
        </button>
        <button type="button" class="button small danger" onClick={onRemove}>
          {strings.remove}
        </button>
      </span>
      {error && <Alert>{error}</Alert>}
      {deliveries && deliveries.length === 0 && <p class="empty">{strings.noDeliveries}</p>}
      {deliveries && deliveries.length > 0 && (
        <table class="deliveries">
          <thead>
            <tr>
              {strings.deliveryColumns.map((column) => (
                <th key={column}>{column}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td>{d.eventType}</td>
                <td>{d.state}</td>
                <td>{d.attempts}</td>
                <td>{d.lastStatus ?? d.lastError ?? ''}</td>
                <td>{formatDate(d.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}
