// `ferry import-from psitransfer <data folder>`: PsiTransfer's store (lib/store.js, lib/db.js) is a folder per
// bucket (its sid, 12 hex digits), holding each file under its key (a UUID) with a `<key>.json` sidecar: the tus
// upload's length and metadata (name, type, comment, retention, password, createdAt…). A bucket becomes an upload
// under the same id (/d?id=<sid> opens it), its files with their names and types, its retention as the expiry (a
// one-time bucket: one download per file, expiring at PsiTransfer's maxAge), its password checked as before.
import { existsSync, readdirSync, readFileSync, statSync, createReadStream } from 'node:fs';
import path from 'node:path';
import { DEFAULT_LOGIN, hashPassword } from '../../domain/passwords.js';
import { isWellFormedId } from '../../model/ids.js';
import { derivedId } from '../ids.js';
import { emptyPlan, ImportError, type Importer, type ImportPlan, type SourceUpload } from '../source.js';

/** PsiTransfer's default maxAge (config.js): every file goes after it, one-time ones never downloaded included. */
const DEFAULT_MAX_AGE_SECONDS = 75 * 24 * 3600;

interface Sidecar {
  uploadLength?: number | string;
  isPartial?: boolean;
  metadata: {
    name: string;
    type?: string;
    comment?: string;
    sid?: string;
    key?: string;
    retention?: string;
    password?: string;
    createdAt?: string | number;
    lastDownload?: number;
    uploadLength?: string;
  };
}

interface BucketFile {
  key: string;
  bytesAt: string;
  size: number;
  sidecar: Sidecar;
}

export const importPsiTransfer: Importer = async (source, options, now) => {
  if (!existsSync(source) || !statSync(source).isDirectory()) throw new ImportError('not a folder');
  const maxAge = options.psitransferMaxAge === undefined ? DEFAULT_MAX_AGE_SECONDS : Number(options.psitransferMaxAge);
  if (!Number.isInteger(maxAge) || maxAge <= 0) throw new ImportError('--psitransfer-max-age: a whole number of seconds');
  const plan = emptyPlan();
  plan.notes.push(
    "PsiTransfer's links (/<sid>) are not served as such: a bucket opens at /d?id=<sid> (a proxy can rewrite the old ones)",
    "PsiTransfer's per-file comments are joined into the upload's comments; bucket locks have no counterpart",
  );
  for (const sid of readdirSync(source).sort()) {
    const folder = path.join(source, sid);
    if (!statSync(folder).isDirectory()) continue;
    const files = readBucket(folder, plan, sid);
    if (files.length === 0) {
      plan.skipped.push({ kind: 'uploads', sourceId: sid, reason: 'no whole file in it' });
      continue;
    }
    const result = await bucketUpload(sid, files, maxAge, now);
    if ('skipped' in result) plan.skipped.push({ kind: 'uploads', sourceId: sid, reason: result.skipped });
    else plan.uploads.push(result);
  }
  return plan;
};

/** A bucket's whole files, oldest first; a sidecar that does not parse makes the whole folder unreadable. */
function readBucket(folder: string, plan: ImportPlan, sid: string): BucketFile[] {
  const files: BucketFile[] = [];
  for (const name of readdirSync(folder)) {
    if (!name.endsWith('.json')) continue;
    const key = name.slice(0, -'.json'.length);
    const sidecarFile = path.join(folder, name);
    let sidecar: Sidecar;
    try {
      sidecar = JSON.parse(readFileSync(sidecarFile, 'utf8'));
    } catch (err) {
      throw new ImportError(`${sidecarFile} is not a PsiTransfer sidecar: ${(err as Error).message}`);
    }
    if (typeof sidecar?.metadata?.name !== 'string') throw new ImportError(`${sidecarFile} is not a PsiTransfer sidecar: it names no file`);
    const bytesAt = path.join(folder, key);
    const size = existsSync(bytesAt) ? statSync(bytesAt).size : -1;
    const skip = (reason: string) => plan.skipped.push({ kind: 'uploads', sourceId: `${sid}/${key}`, reason });
    if (size < 0) skip('its bytes are not in the folder');
    else if (sidecar.isPartial || size < Number(sidecar.uploadLength ?? sidecar.metadata.uploadLength ?? size))
      skip('its upload never finished');
    else files.push({ key, bytesAt, size, sidecar });
  }
  return files.sort((a, b) => createdAt(a) - createdAt(b) || a.key.localeCompare(b.key));
}

const createdAt = (file: BucketFile) => Number(file.sidecar.metadata.createdAt ?? 0);

async function bucketUpload(sid: string, files: BucketFile[], maxAge: number, now: number): Promise<SourceUpload | { skipped: string }> {
  const first = files[0]!.sidecar.metadata;
  const notes: string[] = [];
  const created = Math.min(...files.map(createdAt));
  // Each file expires by its own retention (a one-time file at maxAge); the upload when the last of them does.
  const expiries = files.map((f) => {
    const retention = Number(f.sidecar.metadata.retention);
    return createdAt(f) + (Number.isInteger(retention) ? Math.min(retention, maxAge) : maxAge) * 1000;
  });
  const expireAt = Math.max(...expiries);
  if (expireAt <= now) return { skipped: 'expired' };
  const oneTime = files.every((f) => f.sidecar.metadata.retention === 'one-time');
  if (!oneTime && files.some((f) => f.sidecar.metadata.retention === 'one-time'))
    notes.push('some of its files were one-time downloads, not all: none is now');
  if (new Set(expiries).size > 1) notes.push('its files expired at different times: all now expire with the last');
  // PsiTransfer hashes passwords with argon2id (checked by Ferry as they are); older versions kept them plain.
  const password = first.password;
  const passwordHash = !password ? null : password.startsWith('$argon2') ? password : await hashPassword(password);
  const uploadId = isWellFormedId(sid) ? sid : derivedId('psitransfer', 'upload', sid);
  if (uploadId !== sid) notes.push(`its id cannot be a Ferry id: it is now ${uploadId}`);
  const limit = oneTime ? 1 : 0;
  const comments = [...new Set(files.map((f) => f.sidecar.metadata.comment?.trim()).filter(Boolean))].join('\n');
  return {
    sourceId: sid,
    notes,
    upload: {
      id: uploadId,
      createdAt: created,
      expireAt,
      ttl: Math.round((expireAt - created) / 1000),
      extendTtl: false,
      oneShot: oneTime,
      removable: false,
      login: passwordHash ? DEFAULT_LOGIN : null,
      passwordHash,
      comments,
      userId: null,
      remoteIp: null,
      maxDownloads: limit,
      hotlinkProtection: false,
      downloadCount: 0,
      downloadedBytes: 0,
      lastDownloadedAt: null,
      e2ee: '',
    },
    files: files.map((f) => ({
      file: {
        id: derivedId('psitransfer', 'file', `${sid}/${f.key}`),
        name: f.sidecar.metadata.name,
        type: f.sidecar.metadata.type || 'application/octet-stream',
        createdAt: createdAt(f),
        downloadLimit: limit,
        downloadsReserved: 0,
        downloadsCompleted: 0,
        downloadCount: 0,
        lastDownloadedAt: f.sidecar.metadata.lastDownload ?? null,
      },
      open: async () => createReadStream(f.bytesAt),
    })),
  };
}
