// Virus scanning of uploaded files (ClamdAddress): the bytes go to the scanner as they go to the data store, and
// the one decision on what the verdict does (refused, quarantined, or let through when the scanner fails) is here.
// End-to-end encrypted files are ciphertext to the server: they are never scanned (docs/scanning.md).
import { Readable } from 'node:stream';
import { FerryError } from '../model/errors.js';
import type { Upload, UploadFile } from '../model/model.js';
import { ScanFailure, type ScanSession, type VirusScanner } from '../scan/scanner.js';
import { Events } from './events.js';

/** What a scan found: nothing, a signature, or nothing to say (scanning off, an e2ee file, the scanner failing). */
export type ScanResult = { status: 'clean' } | { status: 'infected'; signature: string } | { status: 'unscanned'; failure?: ScanFailure };

export interface ScanPolicy {
  /** ClamdInfected: an infected file is refused (its bytes go), or kept in quarantine, never served. */
  infected: 'refuse' | 'quarantine';
  /** ClamdOnError: when the scanner fails, the file is refused (fail closed) or taken unscanned. */
  onError: 'refuse' | 'accept';
}

/** A file the scan refused: infected, or unscanned while failing closed. */
export class ScanRefusal extends FerryError {}

/** An infected file's refusal (422); `quarantined`: its bytes were kept for the admins, with the file. */
export class InfectedFileError extends ScanRefusal {
  constructor(
    readonly quarantined: boolean,
    message: string,
  ) {
    super('infected', message);
  }
}

export const isQuarantined = (err: unknown) => err instanceof InfectedFileError && err.quarantined;

/** What a file whose bytes are all in becomes after its scan: served, or kept in quarantine (with its signature). */
export type Judged = { status: 'uploaded' } | { status: 'quarantined'; signature: string };

/** A scan of bytes as they pass: the stream to store, and once it has ended, what the file becomes. */
export interface ScannedStream {
  body: Readable;
  judged(): Judged;
}

const SKIPPED: ScanResult = { status: 'unscanned' };
const UPLOADED: Judged = { status: 'uploaded' };

export class Scanning {
  /** No scanner: every file goes through as it came. */
  static readonly off = new Scanning(undefined, { infected: 'refuse', onError: 'refuse' });

  constructor(
    private readonly scanner: VirusScanner | undefined,
    private readonly policy: ScanPolicy,
    private readonly events: Events = Events.none,
  ) {}

  get enabled(): boolean {
    return this.scanner !== undefined;
  }

  /** Whether this upload's files are scanned: not when scanning is off, nor end-to-end encrypted ones. */
  applies(upload: Upload): boolean {
    return this.scanner !== undefined && !upload.e2ee;
  }

  /**
   * `source`'s bytes, sent to the scanner as the store pulls them (the scanner's pace holds the upload back). The
   * last chunk is held until the verdict, so that the store cannot finish before it: a refused file makes the
   * store's write fail, which leaves nothing stored, and a stream-mode downloader never gets its end.
   */
  tee(upload: Upload, file: UploadFile, source: Readable): ScannedStream {
    if (!this.applies(upload)) return { body: source, judged: () => UPLOADED };
    let judged: Judged | undefined;
    const scanning = this;
    const scanned = async function* () {
      let session: ScanSession | undefined = scanning.scanner!.open();
      let failure: ScanFailure | undefined;
      let held: Buffer | undefined;
      try {
        for await (const chunk of source as AsyncIterable<Buffer>) {
          if (held) yield held;
          held = chunk;
          if (!session) continue;
          try {
            const behind = session.write(chunk);
            if (behind) await behind;
          } catch (err) {
            failure = asFailure(err);
            session.abort();
            session = undefined;
            // Failing closed: no need to take the rest of a file that will be refused.
            if (scanning.policy.onError === 'refuse') scanning.judge(upload, file, { status: 'unscanned', failure });
          }
        }
        const result: ScanResult = session ? await scanning.verdictOf(session) : { status: 'unscanned', failure };
        session = undefined;
        judged = scanning.judge(upload, file, result);
        if (held) yield held;
      } finally {
        session?.abort();
      }
    };
    return {
      body: Readable.from(scanned(), { objectMode: false }),
      judged: () => {
        if (!judged) throw new Error('scan verdict asked for before the stream ended');
        return judged;
      },
    };
  }

  /** What a scan of a whole file's bytes, read back, finds (resumable files, whose bytes came in several requests). */
  async scan(upload: Upload, source: Readable): Promise<ScanResult> {
    if (!this.applies(upload)) return SKIPPED;
    const session = this.scanner!.open();
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        const behind = session.write(chunk);
        if (behind) await behind;
      }
    } catch (err) {
      session.abort();
      source.destroy();
      if (err instanceof ScanFailure) return { status: 'unscanned', failure: err };
      throw err;
    }
    return this.verdictOf(session);
  }

  /**
   * What a file whose bytes are all in becomes after its scan: uploaded, or quarantined. Throws the refusal of a
   * file that is refused (infected, or unscanned when failing closed), which the caller undoes.
   */
  judge(upload: Upload, file: UploadFile, result: ScanResult): Judged {
    if (result.status === 'clean') return UPLOADED;
    const fields = { uploadId: upload.id, fileId: file.id, name: file.name };
    if (result.status === 'unscanned') {
      if (!result.failure) return UPLOADED;
      const accepted = this.policy.onError === 'accept';
      this.events.emit({ event: 'file.unscanned', ...fields, reason: result.failure.message, accepted });
      if (accepted) return UPLOADED;
      if (result.failure.reason === 'size_limit') {
        throw new ScanRefusal('too_large', `file ${file.name} is larger than the virus scanner takes: refused unscanned`);
      }
      throw new ScanRefusal(
        'unavailable',
        `the virus scanner is unavailable: file ${file.name} was refused unscanned, try again later`,
        30,
      );
    }
    const quarantine = this.policy.infected === 'quarantine' && !upload.stream;
    this.events.emit({ event: 'file.infected', ...fields, signature: result.signature, action: quarantine ? 'quarantined' : 'refused' });
    if (quarantine) return { status: 'quarantined', signature: result.signature };
    throw infected(file, result.signature, false);
  }

  private async verdictOf(session: ScanSession): Promise<ScanResult> {
    try {
      const verdict = await session.verdict();
      return verdict.infected ? { status: 'infected', signature: verdict.signature } : { status: 'clean' };
    } catch (err) {
      return { status: 'unscanned', failure: asFailure(err) };
    }
  }
}

/** The uploader's answer for an infected file; `quarantined`: its bytes are kept, never served. */
export function infected(file: Pick<UploadFile, 'name'>, signature: string, quarantined: boolean): InfectedFileError {
  const fate = quarantined ? "kept in quarantine for the server's admins, and never served" : 'refused';
  return new InfectedFileError(quarantined, `file ${file.name} is infected (${signature}): ${fate}`);
}

function asFailure(err: unknown): ScanFailure {
  return err instanceof ScanFailure ? err : new ScanFailure('failed', (err as Error).message);
}
