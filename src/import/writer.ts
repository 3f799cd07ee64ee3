// Writes what an importer read into Ferry, in order (users, tokens, file requests, uploads), skipping what is there
// already: a second run imports nothing twice. Each upload is committed alone (domain/imports.ts): one that fails is
// reported and the import goes on; none is ever left half there. A dry run checks everything and writes nothing.
import type { ImportService } from '../domain/imports.js';
import { newReport, type ImportReport } from './report.js';
import type { ImportPlan, RecordKind } from './source.js';

export interface WriteProgress {
  /** Bytes stored so far, as they are. */
  bytes(count: number): void;
  /** One more upload dealt with (imported or skipped). */
  done(): void;
}

export interface WriteOptions {
  dryRun: boolean;
  now: number;
  progress?: WriteProgress;
}

const ALREADY_THERE = 'already in Ferry (imported before)';

export async function writePlan(kind: string, plan: ImportPlan, imports: ImportService, options: WriteOptions): Promise<ImportReport> {
  const { dryRun, progress } = options;
  const report = newReport(kind, dryRun, plan.notes);
  report.skipped.push(...plan.skipped);
  const skip = (what: RecordKind, sourceId: string, reason: string) => report.skipped.push({ kind: what, sourceId, reason });
  const note = (what: RecordKind, sourceId: string, text: string) => report.notes.push({ kind: what, sourceId, note: text });

  for (const { sourceId, user, passwordReset, notes } of plan.users) {
    if (!(await imports.addUser(user, dryRun))) {
      skip('users', sourceId, `${ALREADY_THERE}, or a user ${user.id} exists`);
      continue;
    }
    report.imported.users++;
    if (passwordReset) note('users', sourceId, `must set a new password: ${passwordReset}`);
    for (const text of notes ?? []) note('users', sourceId, text);
  }
  for (const { sourceId, token } of plan.tokens) {
    if (await imports.addToken(token, dryRun)) report.imported.tokens++;
    else skip('tokens', sourceId, ALREADY_THERE);
  }
  for (const { sourceId, request, notes } of plan.fileRequests) {
    if (!(await imports.addFileRequest(request, dryRun))) {
      skip('fileRequests', sourceId, ALREADY_THERE);
      continue;
    }
    report.imported.fileRequests++;
    for (const text of notes ?? []) note('fileRequests', sourceId, text);
  }
  for (const upload of plan.uploads) {
    const { sourceId } = upload;
    const presence = await imports.presence(upload);
    if (presence === 'present') skip('uploads', sourceId, ALREADY_THERE);
    else if (presence !== 'absent') skip('uploads', sourceId, presence.conflict);
    else if (dryRun) report.imported.uploads++;
    else {
      try {
        let bytes = 0;
        await imports.addUpload(upload, (count) => {
          bytes += count;
          progress?.bytes(count);
        });
        report.bytes += bytes;
        report.imported.uploads++;
        for (const text of upload.notes ?? []) note('uploads', sourceId, text);
      } catch (err) {
        // A file the source lists but cannot give (gone from its folder, unreadable, failing its decryption), or
        // a store that refused it: this upload is not imported (nothing of it is left), the others go on.
        skip('uploads', sourceId, `its bytes could not be stored: ${(err as Error).message}`);
      }
    }
    progress?.done();
  }
  return report;
}
