// The upload's options behind "More options", each shown only when the server's feature flags allow it. The
// files come first: closed, the options take one line, so the Upload button stays on a phone's first screen.
import { useId } from 'preact/hooks';
import { NEVER, type Toggle, type UploadFeatures } from '../features';
import { formatLifetime } from '../format';
import { renderMarkdown } from '../markdown';
import { t } from '../state/language';
import type { UploadOptions } from '../upload-request';

interface Props {
  features: UploadFeatures;
  options: UploadOptions;
  onChange: (change: Partial<UploadOptions>) => void;
}

const encryptionLabel = (mode: UploadOptions['encryption']) =>
  ({ none: t().encryptionNone, server: t().encryptionServer, link: t().encryptionLink })[mode];

export function UploadOptionsForm({ features, options, onChange }: Props) {
  const id = useId();
  // A server that needs a password or a download limit has the options open: one of them is to be filled in.
  const needed = features.password.locked || features.downloadLimit.locked;
  return (
    <details class="options" open={needed}>
      <summary>{t().moreOptions}</summary>
      <div class="checks">
        <Check toggle={features.oneShot} checked={options.oneShot} onChange={(oneShot) => onChange({ oneShot })} hint={t().oneShotHint}>
          {t().oneShot}
        </Check>
        <Check toggle={features.stream} checked={options.stream} onChange={(stream) => onChange({ stream })} hint={t().streamHint}>
          {t().stream}
        </Check>
        <Check
          toggle={features.removable}
          checked={options.removable}
          onChange={(removable) => onChange({ removable })}
          hint={t().removableHint}
        >
          {t().removable}
        </Check>
        <Check
          toggle={features.extendTtl}
          checked={options.extendTtl}
          onChange={(extendTtl) => onChange({ extendTtl })}
          hint={t().extendTtlHint}
        >
          {t().extendTtl}
        </Check>
      </div>

      {features.ttlChoices.length > 0 && (
        <div class="field">
          <label for={`${id}-ttl`}>{t().expiresAfter}</label>
          <select id={`${id}-ttl`} value={String(options.ttl)} onChange={(event) => onChange({ ttl: Number(event.currentTarget.value) })}>
            {features.ttlChoices.map((seconds) => (
              <option key={seconds} value={String(seconds)}>
                {seconds === NEVER ? t().neverExpiresChoice : formatLifetime(seconds)}
              </option>
            ))}
          </select>
        </div>
      )}

      {features.downloadLimit.shown && (
        <div class="field">
          <label for={`${id}-downloads`}>{features.downloadLimit.locked ? t().downloadLimit : t().optional(t().downloadLimit)}</label>
          <input
            id={`${id}-downloads`}
            type="number"
            min={1}
            max={features.maxDownloads || undefined}
            inputMode="numeric"
            value={options.maxDownloads}
            onInput={(event) => onChange({ maxDownloads: event.currentTarget.value })}
            aria-describedby={`${id}-downloads-hint`}
          />
          <p class="hint" id={`${id}-downloads-hint`}>
            {t().downloadLimitHint}
          </p>
        </div>
      )}

      {features.encryptionModes.length > 0 && (
        <div class="field">
          <label for={`${id}-encryption`}>{t().encryptionAtRest}</label>
          <select
            id={`${id}-encryption`}
            value={options.encryption}
            onChange={(event) => onChange({ encryption: event.currentTarget.value as UploadOptions['encryption'] })}
          >
            {features.encryptionModes.map((mode) => (
              <option key={mode} value={mode}>
                {encryptionLabel(mode)}
              </option>
            ))}
          </select>
        </div>
      )}

      {features.password.shown && (
        <div class="field">
          <label for={`${id}-password`}>{features.password.locked ? t().password : t().optional(t().password)}</label>
          <input
            id={`${id}-password`}
            type="password"
            autocomplete="new-password"
            required={features.password.locked}
            value={options.password}
            onInput={(event) => onChange({ password: event.currentTarget.value })}
            aria-describedby={`${id}-password-hint`}
          />
          <p class="hint" id={`${id}-password-hint`}>
            {t().uploadPasswordHint}
          </p>
        </div>
      )}

      {features.comments && (
        <div class="field">
          <label for={`${id}-comments`}>{t().comments}</label>
          <textarea
            id={`${id}-comments`}
            rows={3}
            value={options.comments}
            onInput={(event) => onChange({ comments: event.currentTarget.value })}
          />
          {options.comments.trim() && (
            <details class="preview">
              <summary>{t().preview}</summary>
              <div class="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(options.comments) }} />
            </details>
          )}
        </div>
      )}
    </details>
  );
}

function Check({
  toggle,
  checked,
  onChange,
  hint,
  children,
}: {
  toggle: Toggle;
  checked: boolean;
  onChange: (value: boolean) => void;
  hint: string;
  children: string;
}) {
  const id = useId();
  if (!toggle.shown) return null;
  return (
    <div class="check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={toggle.locked}
        onChange={(event) => onChange(event.currentTarget.checked)}
        aria-describedby={`${id}-hint`}
      />
      <label for={id}>{toggle.locked ? t().requiredByServer(children) : children}</label>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
}
