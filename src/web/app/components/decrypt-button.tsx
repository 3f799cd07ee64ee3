// "Decrypt and save" for a file encrypted end to end, or all of an upload's as a zip: the ciphertext is fetched,
// decrypted as it arrives and written to disk (e2ee/decrypt-download.ts), with its progress; a wrong key says so,
// and nothing is written.
import { useState } from 'preact/hooks';
import { messageOf } from '../api/client';
import { loadAge } from '../e2ee/load-age';
import type { E2eeSecret } from '../e2ee/secret';
import { Alert } from './ui';
import { t } from '../state/language';

type State = { kind: 'idle' } | { kind: 'working'; percent: number } | { kind: 'saved' } | { kind: 'failed'; message: string };

/** The refusals decryption gives in the page's words; anything else broke off midway. */
const refusals = (): string[] => [t().wrongKey, t().notAgeFile];

type AgeCode = Awaited<ReturnType<typeof loadAge>>;

interface DecryptButtonProps {
  label: string;
  /** The button's name for a screen reader, which hears many such buttons in a list. */
  ariaLabel: string;
  /** The ciphertext's bytes in all, for the percentage. */
  size: number;
  secret?: E2eeSecret;
  /** Decrypts and saves with the age code, telling the ciphertext bytes read so far. */
  save: (age: AgeCode, secret: E2eeSecret, onProgress: (read: number) => void) => Promise<void>;
  /** Small, as a file's own button in the list; the upload's are of the usual size. */
  small?: boolean;
}

export function DecryptButton({ label, ariaLabel, size, secret, save, small = true }: DecryptButtonProps) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const decrypt = async () => {
    if (!secret) return;
    setState({ kind: 'working', percent: 0 });
    // Bytes already on their way may still be counted after the end: the end's word stays.
    let settled = false;
    const progress = (read: number) => {
      if (!settled) setState({ kind: 'working', percent: size > 0 ? Math.floor((read / size) * 100) : 100 });
    };
    try {
      await save(await loadAge(), secret, progress);
      settled = true;
      setState({ kind: 'saved' });
    } catch (err) {
      settled = true;
      // The file picker closed without a choice: nothing to say.
      if (err instanceof DOMException && err.name === 'AbortError') return setState({ kind: 'idle' });
      const message = messageOf(err);
      setState({ kind: 'failed', message: refusals().includes(message) ? message : t().decryptionStopped(message.replace(/\.$/, '')) });
    }
  };
  return (
    <>
      <button
        type="button"
        class={small ? 'button small primary' : 'button primary'}
        disabled={!secret || state.kind === 'working'}
        onClick={() => void decrypt()}
        aria-label={ariaLabel}
      >
        {state.kind === 'working' ? t().decrypting(state.percent) : label}
      </button>
      {state.kind === 'saved' && <Alert kind="success">{t().decryptedSaved}</Alert>}
      {state.kind === 'failed' && <Alert>{state.message}</Alert>}
    </>
  );
}
