// "Decrypt and save" for a file encrypted end to end: the ciphertext is fetched, decrypted as it arrives and
// written to disk (e2ee/decrypt-download.ts), with its progress; a wrong key says so, and nothing is written.
import { useState } from 'preact/hooks';
import { messageOf } from '../api/client';
import { loadAge } from '../e2ee/load-age';
import type { E2eeSecret } from '../e2ee/secret';
import { strings } from '../e2ee/strings';
import type { EncryptedDownload } from '../e2ee/decrypt-download';
import { Alert } from './ui';

type State = { kind: 'idle' } | { kind: 'working'; percent: number } | { kind: 'saved' } | { kind: 'failed'; message: string };

/** The refusals decryption gives in the page's words; anything else broke off midway. */
const REFUSALS: string[] = [strings.wrongKey, strings.notAge];

export function DecryptButton({ download, secret }: { download: EncryptedDownload; secret?: E2eeSecret }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const decrypt = async () => {
    if (!secret) return;
    setState({ kind: 'working', percent: 0 });
    // Bytes already on their way may still be counted after the end: the end's word stays.
    let settled = false;
    const progress = (read: number) => {
      if (!settled) setState({ kind: 'working', percent: download.size > 0 ? Math.floor((read / download.size) * 100) : 100 });
    };
    try {
      const { decryptToDisk } = await loadAge();
      await decryptToDisk(download, secret, progress);
      settled = true;
      setState({ kind: 'saved' });
    } catch (err) {
      settled = true;
      // The file picker closed without a choice: nothing to say.
      if (err instanceof DOMException && err.name === 'AbortError') return setState({ kind: 'idle' });
      const message = messageOf(err);
      setState({ kind: 'failed', message: REFUSALS.includes(message) ? message : strings.brokenOff(message.replace(/\.$/, '')) });
    }
  };
  return (
    <>
      <button
        type="button"
        class="button small primary"
        disabled={!secret || state.kind === 'working'}
        onClick={() => void decrypt()}
        aria-label={strings.decryptName(download.name)}
      >
        {state.kind === 'working' ? strings.decrypting(state.percent) : strings.decrypt}
      </button>
      {state.kind === 'saved' && <Alert kind="success">{strings.saved}</Alert>}
      {state.kind === 'failed' && <Alert>{state.message}</Alert>}
    </>
  );
}
