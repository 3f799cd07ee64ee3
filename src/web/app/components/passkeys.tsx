// /account's Passkeys section: the account's passkeys with when each was added and last used, added with a name,
// renamed, deleted.
import { useEffect, useId, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import type { WirePasskey } from '../../../protocol/ferry-passkeys';
import { formatDate } from '../format';
import { addPasskey } from '../passkeys';
import { t } from '../state/language';
import { useActionState } from './action-state';
import { Alert } from './ui';

export function Passkeys() {
  const [passkeys, setPasskeys] = useState<WirePasskey[]>([]);
  const [name, setName] = useState('');
  const { error, setError, run } = useActionState();
  const id = useId();

  const reload = () =>
    api<{ passkeys: WirePasskey[] }>('me/passkeys').then(
      (list) => setPasskeys(list.passkeys),
      (err) => setError(messageOf(err)),
    );
  useEffect(() => void reload(), []);

  const add = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await addPasskey(name);
      setName('');
      await reload();
    });
  };
  const rename = (passkey: WirePasskey) => {
    const renamed = prompt(t().renamePasskeyPrompt, passkey.name);
    if (!renamed) return;
    void run(async () => {
      await api(`me/passkeys/${passkey.id}`, { method: 'PATCH', body: { name: renamed } });
      await reload();
    });
  };
  const remove = (passkey: WirePasskey) => {
    if (!confirm(t().confirmDeletePasskey(passkey.name))) return;
    void run(async () => {
      await api(`me/passkeys/${passkey.id}`, { method: 'DELETE' });
      await reload();
    });
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t().passkeysTitle}</h2>
      <p class="hint">{t().passkeysHint}</p>
      {error && <Alert>{error}</Alert>}
      <form class="row" onSubmit={add}>
        <label for={`${id}-name`}>{t().passkeyName}</label>
        <input id={`${id}-name`} type="text" required maxLength={255} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <button type="submit" class="button primary">
          {t().addPasskey}
        </button>
      </form>
      {passkeys.length === 0 && <p class="empty">{t().noPasskeys}</p>}
      {passkeys.length > 0 && (
        <ul class="tokens">
          {passkeys.map((passkey) => (
            <li key={passkey.id}>
              <span class="token-comment">{passkey.name}</span>
              <span class="hint">
                {t().passkeyAdded(formatDate(passkey.createdAt))},{' '}
                {passkey.lastUsedAt ? t().passkeyLastUsed(formatDate(passkey.lastUsedAt)) : t().passkeyNeverUsed}
              </span>
              <button
                type="button"
                class="button small"
                onClick={() => rename(passkey)}
                aria-label={`${t().renamePasskey} ${passkey.name}`}
              >
                {t().renamePasskey}
              </button>
              <button
                type="button"
                class="button small danger"
                onClick={() => remove(passkey)}
                aria-label={`${t().deletePasskey} ${passkey.name}`}
              >
                {t().deletePasskey}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
