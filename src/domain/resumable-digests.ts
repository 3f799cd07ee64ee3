// The digests of a file built over several requests (MD5 and SHA-256, as a one-request upload computes them), as the
// bytes arrive: hash-wasm's hashers can save their state, which is kept in the metadata store next to the durable
// offset and loaded by whichever instance takes the next request. Nothing reads the file again.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { IHasher } from 'hash-wasm';
import type { HashAlgorithm } from '../runtime/hash-thread.js';
import type { ByteHasher } from './measure.js';

/** What the metadata store keeps: each hasher's saved state (base64), or all of them sealed. */
export type DigestState = { states: Record<string, string> } | { sealed: string };

/** hash-wasm is loaded with the first resumable file: its ~300 KB of source and WebAssembly stay out of a server that gets none. */
async function createHasher(algorithm: HashAlgorithm): Promise<IHasher> {
  const { createMD5, createSHA256 } = await import('hash-wasm');
  return algorithm === 'md5' ? createMD5() : createSHA256();
}

/**
 * Hashers fed from a resumable file's offset on, which keep their state at each offset the store may report as
 * durable (it reports them behind what it has read) and at the end of the bytes, until told to forget them.
 * A server-encrypted file's states are sealed under a key derived from the server's: the SHA-256 state of its
 * plain bytes would let a stolen database confirm a guess at them.
 */
export class ResumableHasher implements ByteHasher {
  private position: number;
  /** The hashers' raw states at the offsets passed and not yet forgotten; sealed only when asked for. */
  private readonly snapshots = new Map<number, Uint8Array[]>();

  private constructor(
    private readonly hashers: IHasher[],
    private readonly algorithms: HashAlgorithm[],
    start: number,
    private readonly steps: number[],
    private readonly sealingKey: Buffer | undefined,
  ) {
    this.position = start;
    this.snapshots.set(start, this.save());
  }

  /**
   * Hashers of `algorithms` at `start`, from the state kept there (none: the file's start), keeping their state at
   * each multiple of one of `steps` they pass: every offset the store may report must be one (or where the bytes end).
   */
  static async open(
    algorithms: HashAlgorithm[],
    kept: DigestState | null,
    start: number,
    steps: number[],
    serverKey?: Buffer,
  ): Promise<ResumableHasher> {
    const sealingKey = serverKey && Buffer.from(hkdfSync('sha256', serverKey, Buffer.alloc(0), 'ferry resumable digests v1', 32));
    const states = kept ? unseal(kept, sealingKey) : {};
    const hashers = await Promise.all(
      algorithms.map(async (algorithm) => {
        const hasher = await createHasher(algorithm);
        hasher.init();
        const state = states[algorithm];
        if (state !== undefined) hasher.load(Buffer.from(state, 'base64'));
        else if (start > 0) throw new Error(`no ${algorithm} state kept at offset ${start}`);
        return hasher;
      }),
    );
    return new ResumableHasher(hashers, algorithms, start, steps, sealingKey);
  }

  update(chunk: Uint8Array): undefined {
    for (let at = 0; at < chunk.length; ) {
      const boundary = Math.min(...this.steps.map((step) => this.position - (this.position % step) + step));
      const n = Math.min(chunk.length - at, boundary - this.position);
      const piece = chunk.subarray(at, at + n);
      for (const hasher of this.hashers) hasher.update(piece);
      at += n;
      this.position += n;
      if (this.position === boundary) this.snapshots.set(boundary, this.save());
    }
    return undefined;
  }

  /** The state at `offset`, one passed or where the bytes ended, to keep; the states before it are forgotten. */
  stateAt(offset: number): DigestState {
    const raw = this.snapshots.get(offset) ?? (offset === this.position ? this.save() : undefined);
    if (!raw) throw new Error(`no digest state at offset ${offset}`);
    for (const kept of this.snapshots.keys()) if (kept < offset) this.snapshots.delete(kept);
    const states = Object.fromEntries(this.algorithms.map((algorithm, i) => [algorithm, Buffer.from(raw[i]!).toString('base64')]));
    return this.sealingKey ? seal(states, this.sealingKey) : { states };
  }

  /** The digests of the bytes so far; the state where they end stays known (a digest ends a hasher). */
  async digests(): Promise<string[]> {
    this.snapshots.set(this.position, this.save());
    return this.hashers.map((hasher) => hasher.digest('hex'));
  }

  abort(): void {
    this.snapshots.clear();
  }

  private save(): Uint8Array[] {
    return this.hashers.map((hasher) => hasher.save());
  }
}

/** AES-256-GCM of the states' JSON: a random nonce, then the tag, then the ciphertext, in base64. */
function seal(states: Record<string, string>, key: Buffer): DigestState {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(states)), cipher.final()]);
  return { sealed: Buffer.concat([nonce, cipher.getAuthTag(), sealed]).toString('base64') };
}

function unseal(kept: DigestState, key: Buffer | undefined): Record<string, string> {
  if ('states' in kept) return kept.states;
  if (!key) throw new Error('sealed digest states but no server key');
  const bytes = Buffer.from(kept.sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as Record<string, string>;
}
