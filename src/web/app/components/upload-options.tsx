// The upload's options behind "More options", each shown only when the server's feature flags allow it. The
// files come first: closed, the options take one line, so the Upload button stays on a phone's first screen.
import { useId } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { Toggle, UploadFeatures } from '../features';
import { renderMarkdown } from '../markdown';
import type { UploadOptions } from '../upload-request';

interface Props {
  features: UploadFeatures;
  options: UploadOptions;
  onChange: (change: Partial<UploadOptions>) => void;
}

const ENCRYPTION_LABELS = {
  none: 'None',
  server: "With the server's key",
  link: 'With a key that only the link holds',
} as const;

export function UploadOptionsForm({ features, options, onChange }: Props) {
  const id = useId();
  // A server that needs a password or a download limit has the options open: one of them is to be filled in.
  const needed = features.password.locked || features.downloadLimit.locked;
  return (
    <details class="options" open={needed}>
      <summary>More options</summary>
      <div class="checks">
        <Check
          toggle={features.oneShot}
          checked={options.oneShot}
          onChange={(oneShot) => onChange({ oneShot })}
          hint="each file can be downloaded once"
        >
          One download only
        </Check>
        <Check
          toggle={features.stream}
          checked={options.stream}
          onChange={(stream) => onChange({ stream })}
          hint="nothing is stored: the file goes straight to the first downloader"
        >
          Stream
        </Check>
        <Check
          toggle={features.removable}
          checked={options.removable}
          onChange={(removable) => onChange({ removable })}
          hint="anyone with the link can remove files"
        >
          Removable
        </Check>
        <Check
          toggle={features.extendTtl}
          checked={options.extendTtl}
          onChange={(extendTtl) => onChange({ extendTtl })}
          hint="each visit restarts the lifetime"
        >
          Extend on access
        </Check>
      </div>

      {features.ttlChoices.length > 0 && (
        <div class="field">
          <label for={`${id}-ttl`}>Expires after</label>
          <select id={`${id}-ttl`} value={String(options.ttl)} onChange={(event) => onChange({ ttl: Number(event.currentTarget.value) })}>
            {features.ttlChoices.map((choice) => (
              <option key={choice.seconds} value={String(choice.seconds)}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
      )}

      {features.downloadLimit.shown && (
        <div class="field">
          <label for={`${id}-downloads`}>Download limit{features.downloadLimit.locked ? '' : ' (optional)'}</label>
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
            Each file is removed after this many downloads.
          </p>
        </div>
      )}

      {features.encryptionModes.length > 0 && (
        <div class="field">
          <label for={`${id}-encryption`}>Encryption at rest</label>
          <select
            id={`${id}-encryption`}
            value={options.encryption}
            onChange={(event) => onChange({ encryption: event.currentTarget.value as UploadOptions['encryption'] })}
          >
            {features.encryptionModes.map((mode) => (
              <option key={mode} value={mode}>
                {ENCRYPTION_LABELS[mode]}
              </option>
            ))}
          </select>
        </div>
      )}

      {features.password.shown && (
        <div class="field">
          <label for={`${id}-password`}>Password{features.password.locked ? '' : ' (optional)'}</label>
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
            People you share the link with need it too.
          </p>
        </div>
      )}

      {features.comments && (
        <div class="field">
          <label for={`${id}-comments`}>Comments (Markdown)</label>
          <textarea
            id={`${id}-comments`}
            rows={3}
            value={options.comments}
            onInput={(event) => onChange({ comments: event.currentTarget.value })}
          />
          {options.comments.trim() && (
            <details class="preview">
              <summary>Preview</summary>
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
  children: ComponentChildren;
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
      <label for={id}>
        {children}
        {toggle.locked ? ' (required by this server)' : ''}
      </label>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
}
