// File requests: their limits (one-time submissions, file count, total bytes) decided by conditional UPDATEs of the
// request's row, so that racing senders never pass them together; closing, listing and deleting.
import { describe, expect, it } from 'vitest';
import type { FileRequest, RequestSubmission } from '../../../src/model/file-requests.js';
import { newUploadId, randomId } from '../../../src/model/ids.js';
import type { MetadataStore } from '../../../src/metadata/store.js';
import { aUser, T0, trues, type ContractContext } from './context.js';

export const FILE_REQUEST_METHODS = [
  'insertFileRequest',
  'findFileRequest',
  'listFileRequests',
  'closeFileRequest',
  'deleteFileRequest',
  'openSubmission',
  'cancelSubmission',
  'listSubmissions',
  'takeRequestFile',
  'reserveRequestBytes',
  'giveBackToRequest',
] as const;

export function aFileRequest(overrides: Partial<FileRequest> = {}): FileRequest {
  return {
    id: randomId(22),
    userId: aUser().id,
    title: 'Holiday photos',
    message: '',
    createdAt: T0,
    expireAt: null,
    closedAt: null,
    maxFiles: 0,
    maxFileSize: 0,
    maxTotalSize: 0,
    allowedTypes: [],
    passwordHash: null,
    nameField: 'hidden',
    emailField: 'hidden',
    reusable: true,
    filesTaken: 0,
    bytesTaken: 0,
    submissions: 0,
    ...overrides,
  };
}

async function inserted(s: MetadataStore, overrides: Partial<FileRequest> = {}): Promise<FileRequest> {
  const request = aFileRequest(overrides);
  await s.insertFileRequest(request);
  return request;
}

const aSubmission = (request: FileRequest, overrides: Partial<RequestSubmission> = {}): RequestSubmission => ({
  uploadId: newUploadId(),
  requestId: request.id,
  senderName: '',
  senderEmail: '',
  createdAt: T0,
  ...overrides,
});

export function fileRequestsContract(ctx: ContractContext): void {
  describe('file requests', () => {
    it('keeps a request as it was given, lists a user’s newest first, and closes one once', async () => {
      const s = ctx.store();
      const user = aUser();
      const older = await inserted(s, {
        userId: user.id,
        allowedTypes: ['.pdf', 'image/*'],
        passwordHash: '$argon2id$x',
        expireAt: T0 + 1000,
        maxFileSize: 5_000_000_000,
        nameField: 'required',
        emailField: 'optional',
        reusable: false,
      });
      const newer = await inserted(s, { userId: user.id, createdAt: T0 + 1 });
      await inserted(s);
      expect(await s.findFileRequest(older.id)).toEqual(older);
      expect((await s.listFileRequests(user.id)).map((r) => r.id)).toEqual([newer.id, older.id]);
      expect(await s.closeFileRequest(older.id, T0 + 5)).toBe(true);
      expect(await s.closeFileRequest(older.id, T0 + 6)).toBe(false);
      expect((await s.findFileRequest(older.id))?.closedAt).toBe(T0 + 5);
      expect(await s.findFileRequest('nope')).toBeUndefined();
    });

    it('takes one submission of a one-time request, whatever the race, and none of a closed or expired one', async () => {
      const s = ctx.store();
      const once = await inserted(s, { reusable: false });
      const opened = await Promise.all(Array.from({ length: 8 }, () => s.openSubmission(aSubmission(once), T0)));
      expect(trues(opened)).toBe(1);
      expect(await s.listSubmissions(once.id)).toHaveLength(1);
      const reusable = await inserted(s, { expireAt: T0 + 10 });
      const first = aSubmission(reusable, { senderName: 'Ann', senderEmail: 'ann@example.org' });
      expect(await s.openSubmission(first, T0)).toBe(true);
      expect(await s.openSubmission(aSubmission(reusable, { createdAt: T0 + 1 }), T0 + 9)).toBe(true);
      expect(await s.openSubmission(aSubmission(reusable), T0 + 10)).toBe(false);
      const submissions = await s.listSubmissions(reusable.id);
      expect(submissions[0]).toEqual(first);
      expect(submissions).toHaveLength(2);
      // A submission taken back (it received nothing) lets the one-time request take another, once.
      const [taken] = await s.listSubmissions(once.id);
      await s.cancelSubmission(taken!);
      await s.cancelSubmission(taken!);
      expect(await s.listSubmissions(once.id)).toEqual([]);
      expect(trues(await Promise.all([s.openSubmission(aSubmission(once), T0), s.openSubmission(aSubmission(once), T0)]))).toBe(1);
      const closed = await inserted(s);
      await s.closeFileRequest(closed.id, T0);
      expect(await s.openSubmission(aSubmission(closed), T0)).toBe(false);
      expect(await s.listSubmissions(closed.id)).toEqual([]);
    });

    it('never lets racing senders take more files than maxFiles, and takes them back when given', async () => {
      const s = ctx.store();
      const request = await inserted(s, { maxFiles: 3 });
      const taken = await Promise.all(Array.from({ length: 10 }, () => s.takeRequestFile(request.id, T0)));
      expect(trues(taken)).toBe(3);
      await s.giveBackToRequest(request.id, 1, 0);
      expect(await s.takeRequestFile(request.id, T0)).toBe(true);
      expect(await s.takeRequestFile(request.id, T0)).toBe(false);
      const unlimited = await inserted(s, { expireAt: T0 + 1 });
      expect(await s.takeRequestFile(unlimited.id, T0)).toBe(true);
      expect(await s.takeRequestFile(unlimited.id, T0 + 1)).toBe(false);
      await s.closeFileRequest(request.id, T0);
      await s.giveBackToRequest(request.id, 1, 0);
      expect(await s.takeRequestFile(request.id, T0)).toBe(false);
    });

    it('never lets racing reservations pass maxTotalSize together, and gives back what a file did not use', async () => {
      const s = ctx.store();
      const request = await inserted(s, { maxTotalSize: 350 });
      const reserved = await Promise.all(Array.from({ length: 10 }, () => s.reserveRequestBytes(request.id, 100)));
      expect(trues(reserved)).toBe(3);
      expect(await s.reserveRequestBytes(request.id, 51)).toBe(false);
      expect(await s.reserveRequestBytes(request.id, 50)).toBe(true);
      await s.giveBackToRequest(request.id, 0, 120);
      expect((await s.findFileRequest(request.id))?.bytesTaken).toBe(230);
      const unlimited = await inserted(s);
      expect(await s.reserveRequestBytes(unlimited.id, 10 ** 12)).toBe(true);
    });

    it('deletes a request with its submissions, answering the uploads they received', async () => {
      const s = ctx.store();
      const request = await inserted(s);
      const submissions = [aSubmission(request), aSubmission(request)];
      for (const submission of submissions) await s.openSubmission(submission, T0);
      expect((await s.deleteFileRequest(request.id)).sort()).toEqual(submissions.map((x) => x.uploadId).sort());
      expect(await s.findFileRequest(request.id)).toBeUndefined();
      expect(await s.listSubmissions(request.id)).toEqual([]);
      expect(await s.deleteFileRequest(request.id)).toEqual([]);
    });

    it('goes with its owner: a deleted user’s requests and their submissions are forgotten', async () => {
      const s = ctx.store();
      const user = aUser();
      await s.insertUser(user);
      const request = await inserted(s, { userId: user.id });
      await s.openSubmission(aSubmission(request), T0);
      await s.deleteUser(user.id);
      expect(await s.findFileRequest(request.id)).toBeUndefined();
      expect(await s.listSubmissions(request.id)).toEqual([]);
    });
  });
}
