// What happens to uploads and files, said by the domain as structured log lines (`event` names the fact) for
// admins and their log tools. None carries a secret: no upload or user token, password, link key or address.
import type { EncryptionMode } from '../model/model.js';

/** The part of a logger the domain needs; pino's loggers (Fastify's among them) are such. */
export interface EventSink {
  info(fields: object, message: string): void;
}

interface FileFields {
  uploadId: string;
  fileId: string;
}

export type FerryEvent =
  | {
      event: 'upload.created';
      uploadId: string;
      /** The owner, when a user made it; which of their tokens is not said, as a token is its own secret. */
      userId: string | null;
      declaredFiles: number;
      oneShot: boolean;
      stream: boolean;
      maxDownloads: number;
      /** Seconds; negative: never expires. */
      ttl: number;
      encryption: EncryptionMode;
      protectedByPassword: boolean;
      hotlinkProtection: boolean;
    }
  | { event: 'upload.changed'; uploadId: string; maxDownloads: number; ttl: number; protectedByPassword: boolean }
  | { event: 'upload.deleted'; uploadId: string; userId: string | null }
  | { event: 'uploads.deleted'; userId: string | null | undefined; count: number }
  | (FileFields & { event: 'file.uploaded'; name: string; size: number; type: string; deduplicated: boolean })
  | (FileFields & { event: 'file.downloaded'; bytes: number; partial: boolean; archive: boolean })
  | (FileFields & { event: 'file.download_interrupted'; archive: boolean })
  | (FileFields & { event: 'file.expired'; reason: 'download limit reached' })
  | (FileFields & { event: 'file.removed' })
  /** The virus scanner found the file infected: refused (its bytes gone), or kept in quarantine. */
  | (FileFields & { event: 'file.infected'; name: string; signature: string; action: 'refused' | 'quarantined' })
  /** The virus scanner failed on the file: `accepted` unscanned (ClamdOnError = "accept"), or refused. */
  | (FileFields & { event: 'file.unscanned'; name: string; reason: string; accepted: boolean })
  /** A file arrived for a file request: `userId` is the requester's, who owns the upload it is in. */
  | (FileFields & { event: 'request.received'; requestId: string; userId: string; name: string; size: number })
  /** A local user turned two-factor sign-in on or off themselves. */
  | { event: 'two_factor.enabled' | 'two_factor.disabled'; userId: string }
  /** An admin (`by`) took a user's two-factor away, for one who lost their authenticator and recovery codes. */
  | { event: 'two_factor.reset'; userId: string; by: string }
  /** A day's activity counters could not be added to; what they missed, and why. */
  | { event: 'activity.not_counted'; scopes: string[]; counts: object; error: string };

const MESSAGES: Record<FerryEvent['event'], string> = {
  'upload.created': 'upload created',
  'upload.changed': 'upload terms changed',
  'upload.deleted': 'upload deleted',
  'uploads.deleted': 'uploads deleted',
  'file.uploaded': 'file uploaded',
  'file.downloaded': 'file downloaded',
  'file.download_interrupted': 'download interrupted, its turn given back',
  'file.expired': 'file expired',
  'file.removed': 'file removed',
  'file.infected': 'infected file found by the virus scanner',
  'file.unscanned': 'file not scanned: the virus scanner failed',
  'request.received': 'file received for a file request',
  'two_factor.enabled': 'two-factor sign-in turned on',
  'two_factor.disabled': 'two-factor sign-in turned off',
  'two_factor.reset': 'two-factor sign-in reset by an admin',
  'activity.not_counted': 'activity counters not updated',
};

/** Where the domain reports its events. */
export class Events {
  /** `observe`: also told of each event, as it is (the metrics count them). */
  constructor(
    private readonly sink: EventSink,
    private readonly observe: (event: FerryEvent) => void = () => undefined,
  ) {}

  /** A sink that says nothing. */
  static readonly silent: EventSink = { info: () => undefined };

  /** For services run without a log (commands, some tests). */
  static readonly none = new Events(Events.silent);

  emit(event: FerryEvent): void {
    this.sink.info(event, MESSAGES[event.event]);
    this.observe(event);
  }
}
