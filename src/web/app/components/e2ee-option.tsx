// "Encrypt in this browser": end-to-end encryption of the upload's files with age, before they leave the page,
// with a random key (carried in the share link's fragment) or the sender's passphrase. Shown as FeatureE2EE says:
// hidden when disabled, on by default when default, on for good when forced.
import { useId } from 'preact/hooks';
import type { UploadFeatures } from '../features';
import type { UploadOptions } from '../upload-request';
import { t } from '../state/language';

interface Props {
  features: UploadFeatures;
  options: UploadOptions;
  onChange: (change: Partial<UploadOptions>) => void;
}

export function E2eeOption({ features, options, onChange }: Props) {
  const id = useId();
  const toggle = features.e2ee;
  if (!toggle.shown) return null;
  return (
    <fieldset class="e2ee-option">
      <div class="check">
        <input
          id={id}
          type="checkbox"
          checked={options.e2ee}
          disabled={toggle.locked}
          onChange={(event) => onChange({ e2ee: event.currentTarget.checked })}
          aria-describedby={`${id}-hint`}
        />
        <label for={id}>
          {t().e2eeOption}
          {toggle.locked ? ' (required by this server)' : ''}
        </label>
        <p class="hint" id={`${id}-hint`}>
          {t().e2eeOptionHint}
        </p>
      </div>
      {options.e2ee && (
        <div class="field">
          <label for={`${id}-passphrase`}>{t().e2eePassphraseLabel}</label>
          <input
            id={`${id}-passphrase`}
            type="password"
            autocomplete="new-password"
            value={options.e2eePassphrase}
            onInput={(event) => onChange({ e2eePassphrase: event.currentTarget.value })}
            aria-describedby={`${id}-passphrase-hint`}
          />
          <p class="hint" id={`${id}-passphrase-hint`}>
            {t().e2eePassphraseHint}
          </p>
        </div>
      )}
    </fieldset>
  );
}
