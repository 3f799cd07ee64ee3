// One file on its way: a progress bar, speed, time left, and a cancel button.
import { formatDuration, formatSize, formatSpeed } from '../format';
import { cancelTransfer, type Transfer } from '../state/transfers';

export function TransferProgress({ transfer }: { transfer: Transfer }) {
  const { sent, size, bytesPerSecond, status } = transfer;
  const percent = size > 0 ? Math.min(100, Math.floor((sent / size) * 100)) : 0;
  const left = bytesPerSecond > 0 ? (size - sent) / bytesPerSecond : undefined;
  const active = status === 'queued' || status === 'sending';
  return (
    <div class="transfer">
      {active && (
        <progress max={100} value={percent} aria-label={`Upload of ${transfer.name}`}>
          {percent}%
        </progress>
      )}
      <span class="transfer-text">
        {status === 'queued' && 'Waiting to start'}
        {status === 'sending' &&
          `${percent}% · ${formatSize(sent)} of ${formatSize(size)}` +
            (bytesPerSecond > 0 ? ` · ${formatSpeed(bytesPerSecond)}` : '') +
            (left !== undefined && sent < size ? ` · ${formatDuration(left)} left` : '')}
        {status === 'cancelled' && 'Cancelled'}
      </span>
      {active && (
        <button
          type="button"
          class="button small danger"
          onClick={() => cancelTransfer(transfer.fileId)}
          aria-label={`Cancel the upload of ${transfer.name}`}
        >
          Cancel
        </button>
      )}
    </div>
  );
}
