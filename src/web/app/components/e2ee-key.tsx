// The share page's word on an upload encrypted end to end: the key came with the link, or the visitor types the
// passphrase (or the AGE-SECRET-KEY-1… key the CLI printed). Whether it is the right one shows at the first file.
import { useId, useState } from 'preact/hooks';
import { type E2eeSecret, secretFrom } from '../e2ee/secret';
import { t } from '../state/language';

export function E2eeKey({
  secret,
  fromLink,
  onSecret,
}: {
  secret?: E2eeSecret;
  fromLink: boolean;
  onSecret: (secret?: E2eeSecret) => void;
}) {
  const id = useId();
  const [typed, setTyped] = useState('');
  if (fromLink) {
    return (
      <p class="card e2ee-key hint" data-testid="e2ee-key">
        {t().e2eeKeyInLink}
      </p>
    );
  }
  return (
    <form
      class="card e2ee-key"
      data-testid="e2ee-key"
      onSubmit={(event) => {
        event.preventDefault();
        onSecret(secretFrom(typed));
      }}
    >
      <label for={`${id}-secret`}>{t().e2eeKeyLabel}</label>
      <p class="hint" id={`${id}-hint`}>
        {secret ? t().e2eeKeySet : t().e2eeKeyPrompt}
      </p>
      <div class="row">
        <input
          id={`${id}-secret`}
          type="password"
          autocomplete="off"
          value={typed}
          onInput={(event) => {
            setTyped(event.currentTarget.value);
            onSecret(secretFrom(event.currentTarget.value));
          }}
          aria-describedby={`${id}-hint`}
        />
      </div>
    </form>
  );
}
