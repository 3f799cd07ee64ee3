// One file on its way: a progress bar, speed, time left, pause and resume (tus files), and a cancel button; its
// progress told to screen readers as it goes.
import { formatDuration, formatPercent, formatSize, formatSpeed } from '../format';
import { t } from '../state/language';
import { cancelTransfer, pauseTransfer, resumeTransfer, type Transfer, type TransferStatus } from '../state/transfers';

const spokenStrings = {
  sending: (name: string, percent: number) => `${name}: ${percent}% sent`,
  paused: (name: string, percent: number) => `${name}: paused at ${percent}%`,
  cancelled: (name: string) => `${name}: upload stopped`,
};

/**
 * What a screen reader is told, politely: every tenth of the way, and a pause or a cancel. Not each byte: a live
 * region that changes several times a second is read out without end.
 */
function spoken(status: TransferStatus, name: string, percent: number): string {
  const tenths = Math.floor(percent / 10) * 10;
  if (status === 'queued' || status === 'sending') return spokenStrings.sending(name, tenths);
  if (status === 'paused') return spokenStrings.paused(name, percent);
  if (status === 'cancelled') return spokenStrings.cancelled(name);
  return '';
}

export function TransferProgress({ transfer }: { transfer: Transfer }) {
  const { sent, size, bytesPerSecond, status, name, fileId } = transfer;
  const percent = size > 0 ? Math.min(100, Math.floor((sent / size) * 100)) : 0;
  const left = bytesPerSecond > 0 ? (size - sent) / bytesPerSecond : undefined;
  const active = status === 'queued' || status === 'sending';
  const amount = t().progress(formatPercent(percent), formatSize(sent), formatSize(size));
  return (
    <div class="transfer">
      {(active || status === 'paused') && (
        <progress max={100} value={percent} aria-label={t().uploadOf(name)}>
          {formatPercent(percent)}
        </progress>
      )}
      <span class="transfer-text">
        {status === 'queued' && (sent > 0 ? t().waitingToGoOn(amount) : t().waitingToStart)}
        {status === 'sending' &&
          amount +
            (bytesPerSecond > 0 ? ` · ${formatSpeed(bytesPerSecond)}` : '') +
            (left !== undefined && sent < size ? ` · ${t().timeLeft(formatDuration(left))}` : '')}
        {status === 'paused' && t().pausedAt(amount)}
        {status === 'cancelled' && t().cancelled}
      </span>
      <span class="visually-hidden" aria-live="polite" aria-atomic="true">
        {spoken(status, name, percent)}
      </span>
      {active && transfer.resumable && (
        <Action label={t().pause} describe={t().pauseUploadOf(name)} onClick={() => pauseTransfer(fileId)} />
      )}
      {status === 'paused' && (
        <Action label={t().resume} kind="primary" describe={t().resumeUploadOf(name)} onClick={() => resumeTransfer(fileId)} />
      )}
      {(active || status === 'paused') && (
        <Action label={t().cancel} kind="danger" describe={t().cancelUploadOf(name)} onClick={() => cancelTransfer(fileId)} />
      )}
    </div>
  );
}

/** A small button that does `label` to a file's upload, and says to screen readers which (`describe`). */
function Action({ label, kind, describe, onClick }: { label: string; kind?: 'primary' | 'danger'; describe: string; onClick: () => void }) {
  return (
    <button type="button" class={kind ? `button small ${kind}` : 'button small'} onClick={onClick} aria-label={describe}>
      {label}
    </button>
  );
}
