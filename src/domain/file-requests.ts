// File requests (reverse shares): a user asks others for files through a link. Each sender's submission is an upload
// owned by the requester, filled through FileService like any other (its limits, quota, deduplication, encryption
// and events apply), under the request's own limits, which are reserved in the database as the bytes arrive.
import type { FileRequestRecords, RequestReservationRef } from '../metadata/records/file-requests.js';
import type { UploadRecords } from '../metadata/records/uploads.js';
import type { UserRecords } from '../metadata/records/users.js';
import { badRequest, conflict, forbidden, FerryError, notFound, tooLarge, unauthorized } from '../model/errors.js';
import type { FileRequest, RequestSubmission, SenderFieldMode } from '../model/file-requests.js';
import { randomId } from '../model/ids.js';
import type { E2eeScheme, UploadFile, User } from '../model/model.js';
import type { EncryptionRules } from './encryption.js';
import { Events } from './events.js';
import type { ByteReservation, FileService, IncomingFile } from './files.js';
import type { ByteLimit } from './limits.js';
import { credentialsMatch, hashPassword } from './passwords.js';
import { reservationStep } from './quota.js';
import { checkedTypes, typeAllowed } from './request-types.js';
import { TTL_CEILING } from './rules.js';
import { formatSize } from './sizes.js';
import type { FailureThrottle } from './throttle.js';
import { creatorAccess, type UploadAccess, type UploadService } from './uploads.js';

export interface NewFileRequest {
  title: string;
  message?: string;
  /** Seconds it stays open; 0 or absent: until closed. */
  ttl?: number;
  maxFiles?: number;
  maxFileSize?: number;
  maxTotalSize?: number;
  allowedTypes?: string[];
  password?: string;
  nameField?: SenderFieldMode;
  emailField?: SenderFieldMode;
  /** false: one-time, a single submission. */
  reusable?: boolean;
}

/** What a sender gives besides their files. `e2ee`: the files are encrypted to the requester's age recipient. */
export interface Sender {
  name?: string;
  email?: string;
  password?: string;
  e2ee?: E2eeScheme;
  remoteIp: string | null;
}

/** A request as anyone holding its link sees it: its owner's age recipient, for senders to encrypt to. */
export interface PublicFileRequest {
  request: FileRequest;
  ageRecipient: string;
}

/** A submission with the files it received, for the requester. */
export interface ReceivedSubmission {
  submission: RequestSubmission;
  files: UploadFile[];
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const MAX_FILES = 1_000_000;
/** With no IdleTimeout a live file may stall for as long as it likes: a day, as for a quota's reservation. */
const UNBOUNDED_HOLD_MS = 24 * 3600_000;

/**
 * How long what a file being sent holds of its request's counters lasts without a renewal: three IdleTimeouts. A
 * live file moves a byte at least every IdleTimeout (or its connection is cut), and renews at its first byte past a
 * sixth of this (half an IdleTimeout), so it renews within 1.5 IdleTimeouts, with as much to spare for a slow
 * database; one whose instance died is given back by the first sweep (CleanupInterval) past it.
 */
export const requestHoldMs = (idleTimeoutSeconds: number) => (idleTimeoutSeconds > 0 ? 3 * idleTimeoutSeconds * 1000 : UNBOUNDED_HOLD_MS);

export class FileRequestService {
  constructor(
    private readonly metadata: FileRequestRecords & UserRecords & Pick<UploadRecords, 'listFilesOf'>,
    private readonly uploads: UploadService,
    private readonly files: FileService,
    private readonly encryption: EncryptionRules,
    private readonly passwordThrottle: FailureThrottle,
    /** How long a file's reservation lasts without a renewal (requestHoldMs). */
    private readonly holdMs: number,
    private readonly events: Events = Events.none,
    private readonly now: () => number = Date.now,
  ) {}

  async create(owner: User, params: NewFileRequest): Promise<FileRequest> {
    const title = params.title.trim();
    if (title.length === 0 || title.length > 255) throw badRequest('invalid title: 1 to 255 characters');
    const message = params.message ?? '';
    if (message.length > 4096) throw badRequest('invalid message: at most 4096 characters');
    const ttl = params.ttl ?? 0;
    if (!Number.isSafeInteger(ttl) || ttl < 0 || ttl > TTL_CEILING)
      throw badRequest(`invalid ttl: seconds, 0 (until closed) to ${TTL_CEILING}`);
    const maxFiles = params.maxFiles ?? 0;
    if (!Number.isSafeInteger(maxFiles) || maxFiles < 0 || maxFiles > MAX_FILES)
      throw badRequest(`invalid maxFiles: 0 (no limit) to ${MAX_FILES}`);
    for (const [field, value] of [
      ['maxFileSize', params.maxFileSize],
      ['maxTotalSize', params.maxTotalSize],
    ] as const) {
      if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) throw badRequest(`invalid ${field}: bytes, 0 for no limit`);
    }
    const password = params.password ?? '';
    if (password.length > 1024) throw badRequest('invalid password: at most 1024 characters');
    const now = this.now();
    const request: FileRequest = {
      id: randomId(22),
      userId: owner.id,
      title,
      message,
      createdAt: now,
      expireAt: ttl > 0 ? now + ttl * 1000 : null,
      closedAt: null,
      maxFiles,
      maxFileSize: params.maxFileSize ?? 0,
      maxTotalSize: params.maxTotalSize ?? 0,
      allowedTypes: checkedTypes(params.allowedTypes ?? []),
      passwordHash: password ? await hashPassword(password) : null,
      nameField: params.nameField ?? 'hidden',
      emailField: params.emailField ?? 'hidden',
      reusable: params.reusable ?? true,
      filesTaken: 0,
      bytesTaken: 0,
      submissions: 0,
    };
    await this.metadata.insertFileRequest(request);
    return request;
  }

  list(owner: User): Promise<FileRequest[]> {
    return this.metadata.listFileRequests(owner.id);
  }

  /** A request of this user (any, for an admin); 404 otherwise, as for one that does not exist. */
  async owned(user: User, id: string): Promise<FileRequest> {
    const request = await this.metadata.findFileRequest(id);
    if (!request || (request.userId !== user.id && !user.isAdmin)) throw notFound(`file request ${id} not found`);
    return request;
  }

  /** The request's submissions with the files each received (those whose bytes all arrived). */
  async received(request: FileRequest): Promise<ReceivedSubmission[]> {
    const submissions = await this.metadata.listSubmissions(request.id);
    const files = await this.metadata.listFilesOf(submissions.map((s) => s.uploadId));
    return submissions.map((submission) => ({
      submission,
      files: files.filter((f) => f.uploadId === submission.uploadId && f.status === 'uploaded'),
    }));
  }

  async close(user: User, id: string): Promise<FileRequest> {
    const request = await this.owned(user, id);
    await this.metadata.closeFileRequest(id, this.now());
    return (await this.metadata.findFileRequest(id)) ?? request;
  }

  /** Deletes the request and the uploads it received, as Gokapi does. */
  async delete(user: User, id: string): Promise<void> {
    await this.owned(user, id);
    for (const uploadId of await this.metadata.deleteFileRequest(id)) {
      // The requester's own: its admin. One expired or deleted already is left to the cleanup.
      const access = await this.uploads.open(uploadId, { requester: { remoteIp: null, user } }).catch((err: unknown) => {
        if (err instanceof FerryError && err.kind === 'not_found') return undefined;
        throw err;
      });
      if (access) await this.uploads.delete(access);
    }
  }

  /** The request as its link shows it, while it takes files: 404 unknown, 403 closed or expired. */
  async open(id: string): Promise<PublicFileRequest> {
    const request = await this.metadata.findFileRequest(id);
    if (!request) throw notFound(`file request ${id} not found`);
    if (request.closedAt !== null) throw forbidden('this file request is closed');
    if (request.expireAt !== null && request.expireAt <= this.now()) throw forbidden('this file request has expired');
    const owner = await this.metadata.findUser(request.userId);
    if (!owner) throw notFound(`file request ${id} not found`);
    return { request, ageRecipient: owner.ageRecipient };
  }

  /**
   * Starts a sender's submission: their password and fields checked, an upload made for the requester, the
   * submission counted (a one-time request takes one). Files then go in with `receive`; `end` once they are all in.
   */
  async submit(id: string, sender: Sender): Promise<Submission> {
    const { request, ageRecipient } = await this.open(id);
    await this.checkPassword(request, sender);
    const senderName = senderField('name', request.nameField, sender.name, (v) => v.length <= 255);
    const senderEmail = senderField('email', request.emailField, sender.email, (v) => v.length <= 255 && EMAIL.test(v));
    if (sender.e2ee && !ageRecipient) throw badRequest('the requester has no age public key: send the files unencrypted');
    const owner = await this.metadata.findUser(request.userId);
    if (!owner) throw notFound(`file request ${id} not found`);
    const from = senderName || senderEmail ? ` from ${[senderName, senderEmail && `<${senderEmail}>`].filter(Boolean).join(' ')}` : '';
    const created = await this.uploads.create(
      { comments: `Sent through the file request “${request.title}”${from}`, e2ee: sender.e2ee, encryption: this.uploadMode() },
      { remoteIp: sender.remoteIp, user: owner },
    );
    const access = creatorAccess(created);
    const submission = { uploadId: created.upload.id, requestId: request.id, senderName, senderEmail, createdAt: this.now() };
    if (!(await this.metadata.openSubmission(submission, this.now()))) {
      await this.uploads.delete(access);
      throw forbidden(request.reusable ? 'this file request is closed' : 'this one-time file request has already received its files');
    }
    return new Submission(request, submission, access, {
      metadata: this.metadata,
      files: this.files,
      uploads: this.uploads,
      events: this.events,
      now: this.now,
      holdMs: this.holdMs,
    });
  }

  /**
   * The encryption of a submission's upload: the server's default, but never link encryption, whose secret would be
   * the sender's alone (only a download link holds it) and the requester could not read what they were sent.
   */
  private uploadMode() {
    return this.encryption.defaultMode === 'link' ? ('server' as const) : undefined;
  }

  private async checkPassword(request: FileRequest, sender: Sender): Promise<void> {
    if (!request.passwordHash) return;
    if (!sender.password) throw unauthorized('this file request needs a password');
    const stored = { login: '', passwordHash: request.passwordHash };
    const given = { login: '', password: sender.password };
    if (!(await this.passwordThrottle.attempt(`${sender.remoteIp}|request:${request.id}`, () => credentialsMatch(stored, given)))) {
      // 403, not 401: a 401's Basic challenge would open a browser's own login dialog over the request's page.
      throw forbidden('wrong password for this file request');
    }
  }
}

/** One sender's files going into their submission's upload, one after another. */
export class Submission {
  readonly received: UploadFile[] = [];

  constructor(
    readonly request: FileRequest,
    private readonly submission: RequestSubmission,
    private readonly access: UploadAccess,
    private readonly deps: {
      metadata: FileRequestRecords;
      files: FileService;
      uploads: UploadService;
      events: Events;
      now: () => number;
      holdMs: number;
    },
  ) {}

  /** Takes one file under the request's limits, in a reservation of its own; what it took is given back if it fails. */
  async receive(incoming: Pick<IncomingFile, 'name' | 'type' | 'body'>): Promise<UploadFile> {
    const { request } = this;
    const { metadata, files } = this.deps;
    const name = incoming.name ?? '';
    // An end-to-end encrypted file carries age's extension after its own: its own is what the list speaks of.
    const plainName = this.access.upload.e2ee && name.endsWith('.age') ? name.slice(0, -'.age'.length) : name;
    if (!typeAllowed(request.allowedTypes, plainName, this.access.upload.e2ee ? undefined : incoming.type)) {
      throw new FerryError(
        'unsupported_media_type',
        `this file request does not take ${name || 'this file'}'s type (it takes ${request.allowedTypes.join(', ')})`,
      );
    }
    const hold = new RequestHold(metadata, request, this.deps);
    if (!(await hold.take())) {
      throw badRequest(`this file request takes no more files (at most ${request.maxFiles}, or it closed or expired)`);
    }
    const limit: ByteLimit | undefined =
      request.maxFileSize > 0
        ? {
            bytes: request.maxFileSize,
            error: () => tooLarge(`file too big for this file request (at most ${formatSize(request.maxFileSize)} a file)`),
          }
        : undefined;
    let file: UploadFile;
    try {
      file = await files.add(this.access, { ...incoming, bounds: { limit, reservation: hold } });
    } catch (err) {
      await metadata.settleRequestReservation(hold.ref, null);
      // A refused file is left declared (missing, for a retry of a plain upload): no sender retries here, so it goes.
      const stray = (await this.deps.uploads.listFiles(this.access.upload)).filter((f) => f.status === 'missing');
      for (const f of stray) await files.remove(this.access, f);
      throw err;
    }
    await metadata.settleRequestReservation(hold.ref, file.size);
    this.received.push(file);
    this.deps.events.emit({
      event: 'request.received',
      requestId: request.id,
      userId: request.userId,
      uploadId: file.uploadId,
      fileId: file.id,
      name: file.name,
      size: file.size,
    });
    return file;
  }

  /** Once every file came (or failed): a submission that received none goes, upload and all, and is not counted. */
  async end(): Promise<void> {
    if (this.received.length > 0) return;
    await this.deps.uploads.delete(this.access);
    await this.deps.metadata.cancelSubmission(this.submission);
  }
}

/**
 * What one file holds of its request's counters, a reservation row of its own: its file, and its bytes reserved in
 * the request's total as they arrive, a step ahead, as the quota reserves them. Renewed as the bytes arrive, so that
 * the sweep gives back only a dead instance's; a file whose reservation was given back all the same fails.
 */
class RequestHold implements ByteReservation {
  readonly ref: RequestReservationRef;
  private reserved = 0;
  private renewedAt = 0;
  private readonly step: number;

  constructor(
    private readonly metadata: FileRequestRecords,
    private readonly request: FileRequest,
    private readonly clock: { now: () => number; holdMs: number },
  ) {
    this.ref = { id: randomId(22), requestId: request.id };
    this.step = reservationStep(request.maxTotalSize);
  }

  async take(): Promise<boolean> {
    const now = this.clock.now();
    this.renewedAt = now;
    return this.metadata.takeRequestFile(this.ref, now, now + this.clock.holdMs);
  }

  cover(size: number): Promise<void> | undefined {
    if (this.request.maxTotalSize > 0 && size > this.reserved) return this.reserve(size);
    return this.clock.now() - this.renewedAt >= this.clock.holdMs / 6 ? this.renew() : undefined;
  }

  private async renew(): Promise<void> {
    const now = this.clock.now();
    if (!(await this.metadata.renewRequestReservation(this.ref.id, now + this.clock.holdMs))) throw this.expired();
    this.renewedAt = now;
  }

  private async reserve(size: number): Promise<void> {
    for (const bytes of [size + this.step, size]) {
      const now = this.clock.now();
      const answer = await this.metadata.reserveRequestBytes(this.ref, bytes - this.reserved, now + this.clock.holdMs);
      if (answer === 'expired') throw this.expired();
      if (answer === 'reserved') {
        this.reserved = bytes;
        this.renewedAt = now;
        return;
      }
    }
    throw tooLarge(`this file request takes at most ${formatSize(this.request.maxTotalSize)} in all, and that is reached`);
  }

  private expired(): FerryError {
    return conflict('this file stalled for longer than its place in the file request is held: send it again');
  }
}

/** A sender's name or email as the request asks for it: '' when hidden or not given; refused when required and missing. */
function senderField(field: 'name' | 'email', mode: SenderFieldMode, given: string | undefined, valid: (value: string) => boolean): string {
  if (mode === 'hidden') return '';
  const value = (given ?? '').trim();
  if (value === '' && mode === 'required') throw badRequest(`this file request asks for your ${field} (the ${field} field)`);
  if (value !== '' && !valid(value)) throw badRequest(`invalid ${field}`);
  return value;
}
