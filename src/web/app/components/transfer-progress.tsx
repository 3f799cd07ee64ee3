// One file on its way: a progress bar, speed, time left, pause and resume (tus files), and a cancel button.
import { formatDuration, formatSize, formatSpeed } from '../format';
import { cancelTransfer, pauseTransfer, resumeTransfer, type Transfer } from '../state/transfers';

export function TransferProgress({ transfer }: { transfer: Transfer }) {
  const { sent, size, bytesPerSecond, status, name, fileId } = transfer;
  const percent = size > 0 ? Math.min(100, Math.floor((sent / size) * 100)) : 0;
  const left = bytesPerSecond > 0 ? (size - sent) / bytesPerSecond : undefined;
  const active = status === 'queued' || status === 'sending';
  const amount = `${percent}% · ${formatSize(sent)} of ${formatSize(size)}`;
  return (
    <div class="transfer">
      {(active || status === 'paused') && (
        <progress max={100} value={percent} aria-label={`Upload of ${name}`}>
          {percent}%
        </progress>
      )}
      <span class="transfer-text">
        {status === 'queued' && (sent > 0 ? `Waiting to go on from ${amount}` : 'Waiting to start')}
        {status === 'sending' &&
          amount +
            (bytesPerSecond > 0 ? ` · ${formatSpeed(bytesPerSecond)}` : '') +
            (left !== undefined && sent < size ? ` · ${formatDuration(left)} left` : '')}
        {status === 'paused' && `Paused at ${amount}`}
        {status === 'cancelled' && 'Cancelled'}
      </span>
      {active && transfer.resumable && <Action label="Pause" name={name} onClick={() => pauseTransfer(fileId)} />}
      {status === 'paused' && <Action label="Resume" kind="primary" name={name} onClick={() => resumeTransfer(fileId)} />}
      {(active || status === 'paused') && <Action label="Cancel" kind="danger" name={name} onClick={() => cancelTransfer(fileId)} />}
    </div>
  );
}

/** A small button that does `label` to the upload of the file `name`, and says so to screen readers. */
function Action({ label, kind, name, onClick }: { label: string; kind?: 'primary' | 'danger'; name: string; onClick: () => void }) {
  return (
    <button
      type="button"
      class={kind ? `button small ${kind}` : 'button small'}
      onClick={onClick}
      aria-label={`${label} the upload of ${name}`}
    >
      {label}
    </button>
  );
}
