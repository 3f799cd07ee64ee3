// The server's totals (users, uploads, files, bytes, and the anonymous share): what GET /stats answers and the
// metrics' gauges show, counted one way.
import type { UploadService } from './uploads.js';
import type { UserService } from './users.js';

export interface ServerTotals {
  users: number;
  uploads: number;
  anonymousUploads: number;
  files: number;
  totalSize: number;
  anonymousTotalSize: number;
}

export async function serverTotals(uploads: UploadService, users: UserService): Promise<ServerTotals> {
  const [all, anonymous, userCount] = await Promise.all([uploads.stats({}), uploads.stats({ userId: null }), users.count()]);
  return {
    users: userCount,
    uploads: all.uploads,
    anonymousUploads: anonymous.uploads,
    files: all.files,
    totalSize: all.totalSize,
    anonymousTotalSize: anonymous.totalSize,
  };
}
