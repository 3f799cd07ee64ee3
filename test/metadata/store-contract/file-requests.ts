// File requests: their limits (one-time submissions, file count, total bytes) decided by conditional UPDATEs of the
// request's row, so that racing senders never pass them together; each file's reservation of them, given back when
// the file ends or, renewed no more, by the sweep; closing, listing and deleting.
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
  'renewRequestReservation',
  'settleRequestReservation',
  'releaseExpiredRequestReservations',
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

/** A reservation's expiry far after T0, where one is not what is tested. */
const LATER = T0 + 3600_000;
const aHold = (request: FileRequest) => ({ id: randomId(22), requestId: request.id });

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
      const holds = Array.from({ length: 10 }, () => aHold(request));
      const taken = await Promise.all(holds.map((hold) => s.takeRequestFile(hold, T0, LATER)));
      expect(trues(taken)).toBe(3);
      const [failed, done] = holds.filter((_, i) => taken[i]);
      await s.settleRequestReservation(failed!, null);
      await s.settleRequestReservation(done!, 40);
      expect(await s.findFileRequest(request.id)).toMatchObject({ filesTaken: 2, bytesTaken: 40 });
      expect(await s.takeRequestFile(aHold(request), T0, LATER)).toBe(true);
      expect(await s.takeRequestFile(aHold(request), T0, LATER)).toBe(false);
      const unlimited = await inserted(s, { expireAt: T0 + 1 });
      expect(await s.takeRequestFile(aHold(unlimited), T0, LATER)).toBe(true);
      expect(await s.takeRequestFile(aHold(unlimited), T0 + 1, LATER)).toBe(false);
      await s.closeFileRequest(request.id, T0);
      await s.settleRequestReservation(failed!, null); // once only: given back already
      expect(await s.takeRequestFile(aHold(request), T0, LATER)).toBe(false);
      expect((await s.findFileRequest(request.id))?.filesTaken).toBe(3);
    });

    it('never lets racing reservations pass maxTotalSize together, and gives back what a file did not use', async () => {
      const s = ctx.store();
      const request = await inserted(s, { maxTotalSize: 350 });
      const holds = Array.from({ length: 10 }, () => aHold(request));
      for (const hold of holds) expect(await s.takeRequestFile(hold, T0, LATER)).toBe(true);
      const reserved = await Promise.all(holds.map((hold) => s.reserveRequestBytes(hold, 100, LATER)));
      expect(reserved.filter((r) => r === 'reserved')).toHaveLength(3);
      expect(reserved.filter((r) => r === 'full')).toHaveLength(7);
      const [first, second] = holds.filter((_, i) => reserved[i] === 'reserved');
      expect(await s.reserveRequestBytes(first!, 51, LATER)).toBe('full');
      expect(await s.reserveRequestBytes(first!, 50, LATER)).toBe('reserved');
      // A file of 30 bytes that had reserved 150 keeps its 30; a failed one gives back its 100.
      await s.settleRequestReservation(first!, 30);
      await s.settleRequestReservation(second!, null);
      expect(await s.findFileRequest(request.id)).toMatchObject({ filesTaken: 9, bytesTaken: 130 });
      const unlimited = await inserted(s);
      const big = aHold(unlimited);
      await s.takeRequestFile(big, T0, LATER);
      expect(await s.reserveRequestBytes(big, 10 ** 12, LATER)).toBe('reserved');
    });

    it('gives back what an expired reservation held, once, and nothing a renewed one holds, whatever the race', async () => {
      const s = ctx.store();
      const request = await inserted(s, { maxFiles: 12, maxTotalSize: 10_000 });
      const holds = Array.from({ length: 12 }, () => aHold(request));
      for (const hold of holds) {
        expect(await s.takeRequestFile(hold, T0, T0 + 10)).toBe(true);
        expect(await s.reserveRequestBytes(hold, 500, T0 + 10)).toBe('reserved');
      }
      expect(await s.takeRequestFile(aHold(request), T0, T0 + 10)).toBe(false);
      // Not expired yet: a sweep takes nothing.
      expect(await s.releaseExpiredRequestReservations(T0 + 9, 100)).toBe(0);
      // Half the files are live and renew while two sweeps run past their expiry; the others are a dead instance's.
      const live = holds.slice(0, 6);
      const [renewed, ...swept] = await Promise.all([
        Promise.all(live.map((hold, i) => (i % 2 ? s.renewRequestReservation(hold.id, LATER) : s.reserveRequestBytes(hold, 100, LATER)))),
        s.releaseExpiredRequestReservations(T0 + 10, 100),
        s.releaseExpiredRequestReservations(T0 + 10, 100),
      ]);
      // A renewal either came first (its file keeps its place) or found it given back (its file fails): never both.
      const kept = live.filter((_, i) => renewed[i] === true || renewed[i] === 'reserved');
      const lost = live.length - kept.length;
      expect(swept[0]! + swept[1]!).toBe(6 + lost);
      for (const [i, answer] of renewed.entries())
        expect(answer).toBe(kept.includes(live[i]!) ? (i % 2 ? true : 'reserved') : i % 2 ? false : 'expired');
      const extra = kept.filter((hold) => live.indexOf(hold) % 2 === 0).length * 100;
      expect(await s.findFileRequest(request.id)).toMatchObject({ filesTaken: kept.length, bytesTaken: kept.length * 500 + extra });
      // What came back takes new files, within the limits still.
      const fresh = Array.from({ length: 12 }, () => aHold(request));
      expect(trues(await Promise.all(fresh.map((hold) => s.takeRequestFile(hold, T0, LATER))))).toBe(12 - kept.length);
      // A file that completed after its reservation was given back is counted again, as it is there.
      const late = holds[11]!;
      await s.settleRequestReservation(late, 700);
      expect((await s.findFileRequest(request.id))?.bytesTaken).toBe(kept.length * 500 + extra + 700);
      expect(await s.releaseExpiredRequestReservations(T0 + 10, 100)).toBe(0);
    });

    it('gives back every reservation when a single instance starts, nothing being in flight then', async () => {
      const s = await ctx.fresh();
      const request = await inserted(s, { maxFiles: 2, maxTotalSize: 1000 });
      const other = await inserted(s, { maxFiles: 1 });
      const [a, b, c] = [aHold(request), aHold(request), aHold(other)];
      for (const hold of [a, b, c]) expect(await s.takeRequestFile(hold, T0, LATER)).toBe(true);
      await s.reserveRequestBytes(a, 300, LATER);
      await s.reserveRequestBytes(b, 200, LATER);
      await s.settleRequestReservation(b, 150);
      expect((await s.resetInterrupted()).reservations).toBe(2);
      expect(await s.findFileRequest(request.id)).toMatchObject({ filesTaken: 1, bytesTaken: 150 });
      expect(await s.findFileRequest(other.id)).toMatchObject({ filesTaken: 0, bytesTaken: 0 });
      expect(await s.reserveRequestBytes(a, 1, LATER)).toBe('expired');
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
