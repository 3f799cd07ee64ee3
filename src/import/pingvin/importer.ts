// Pingvin Share (and Pingvin Share X, its fork with the same schema): its data folder, as DATA_DIRECTORY holds it,
// pingvin-share.db (Prisma's SQLite) and uploads/shares/<shareId>/<fileId>. Users keep their argon2id password hashes
// (Pingvin hashed with the argon2 package's defaults, which Ferry's own hashes use too); shares become uploads,
// reverse shares file requests. See docs/imports.md for what maps to what.
import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FileRequest } from '../../model/file-requests.js';
import type { User } from '../../model/model.js';
import { ImportError, emptyPlan, type ImportPlan, type Importer, type SourceUpload } from '../source.js';
import { flagOf, instantOf, openSqliteSource, textOf, type SourceRow, type SqliteSource } from '../sqlite-source.js';
import { pingvinFileId, pingvinRequestId, pingvinShareId } from './links.js';

const SERVER = 'Pingvin Share';
const DATABASE = 'pingvin-share.db';

/** The columns read, as Pingvin's migrations left them from 0.29 (reverse shares with remainingUses) on. */
const COLUMNS = {
  User: ['id', 'createdAt', 'username', 'email', 'password', 'isAdmin'],
  Share: ['id', 'createdAt', 'uploadLocked', 'views', 'expiration', 'description', 'removedReason', 'creatorId', 'reverseShareId'],
  File: ['id', 'createdAt', 'name', 'size', 'shareId'],
  ShareSecurity: ['password', 'maxViews', 'shareId'],
  ReverseShare: ['id', 'createdAt', 'token', 'shareExpiration', 'maxShareSize', 'remainingUses', 'creatorId'],
} as const;

export const importPingvin: Importer = async (source, _options, now) => {
  const { database, shares } = locate(source);
  const db = await openSqliteSource(database, SERVER, COLUMNS);
  try {
    return read(db, shares, now);
  } finally {
    db.close();
  }
};

/** The database and the shares' folder: `source` is the data folder, or the database file in it. */
function locate(source: string): { database: string; shares: string } {
  if (!existsSync(source)) throw new ImportError(`${source}: no such file or folder`);
  const folder = statSync(source).isDirectory() ? source : path.dirname(source);
  const database = statSync(source).isDirectory() ? path.join(source, DATABASE) : source;
  if (!existsSync(database)) throw new ImportError(`${source}: no ${DATABASE}: name Pingvin Share's data folder (DATA_DIRECTORY, ./data)`);
  return { database, shares: path.join(folder, 'uploads', 'shares') };
}

function read(db: SqliteSource & { has(table: string): boolean }, sharesFolder: string, now: number): ImportPlan {
  const plan = emptyPlan();
  const owners = new Map<string, string>();
  for (const row of db.all('SELECT * FROM "User" ORDER BY "createdAt"')) {
    const user = userOf(row);
    owners.set(textOf(row.id), user.id);
    const how = row.ldapDN ? 'signed in through LDAP' : 'signed in through an OAuth provider';
    const passwordReset = user.passwordHash === null ? `had no password on Pingvin Share (${how}): an admin sets one` : undefined;
    const notes = flagOf(row.totpEnabled) ? ['two-factor (TOTP) is not carried over: set it up again'] : [];
    plan.users.push({ sourceId: textOf(row.username), user, passwordReset, notes });
  }
  const requests = new Map<string, FileRequest>();
  for (const row of db.all('SELECT * FROM "ReverseShare" ORDER BY "createdAt"')) {
    const request = requestOf(row, owners, now);
    if (typeof request === 'string') plan.skipped.push({ kind: 'fileRequests', sourceId: textOf(row.token), reason: request });
    else {
      requests.set(textOf(row.id), request);
      const notes = [`its link /upload/${textOf(row.token)} is now /r/${request.id}`];
      plan.fileRequests.push({ sourceId: textOf(row.token), request, notes });
    }
  }
  const securities = new Map(db.all('SELECT * FROM "ShareSecurity" WHERE "shareId" IS NOT NULL').map((row) => [textOf(row.shareId), row]));
  for (const row of db.all('SELECT * FROM "Share" ORDER BY "createdAt"')) {
    const files = db.all('SELECT * FROM "File" WHERE "shareId" = ? ORDER BY "createdAt", "id"', row.id);
    const upload = uploadOf(row, securities.get(textOf(row.id)), files, { owners, requests, sharesFolder, now });
    if (typeof upload === 'string') plan.skipped.push({ kind: 'uploads', sourceId: textOf(row.id), reason: upload });
    else plan.uploads.push(upload);
  }
  plan.notes.push(
    "share recipients, e-mail notifications, Pingvin Share's settings (Config), OAuth links, sessions and TOTP secrets",
    "view counts as such: a share's view limit (maxViews) becomes a download limit on each of its files, of the views left",
  );
  return plan;
}

function userOf(row: SourceRow): User {
  const login = textOf(row.username);
  const hash = textOf(row.password);
  return {
    id: `local:${login}`,
    provider: 'local',
    login,
    passwordHash: hash.startsWith('$argon2') ? hash : null,
    name: '',
    email: textOf(row.email),
    isAdmin: flagOf(row.isAdmin),
    maxFileSize: 0,
    maxUserSize: 0,
    maxTtl: 0,
    createdAt: instantOf(row.createdAt) ?? 0,
    theme: '',
    language: '',
    ageRecipient: '',
  };
}

/**
 * A reverse share as a file request of its creator: its token's link becomes /r/<token without dashes>. Pingvin
 * limits the size of each share sent through it; Ferry limits each file, or all of them for a one-time request.
 */
function requestOf(row: SourceRow, owners: Map<string, string>, now: number): FileRequest | string {
  const userId = owners.get(textOf(row.creatorId));
  if (!userId) return 'its creator is not among the users';
  const expireAt = instantOf(row.shareExpiration);
  if (expireAt !== null && expireAt <= now) return 'expired';
  const uses = Number(row.remainingUses);
  if (!(uses > 0)) return 'used up (no remaining uses)';
  const maxShareSize = Math.max(0, Number.parseInt(textOf(row.maxShareSize), 10) || 0);
  const oneTime = uses === 1;
  return {
    id: pingvinRequestId(textOf(row.token)),
    userId,
    title: 'Files for me',
    message: '',
    createdAt: instantOf(row.createdAt) ?? now,
    expireAt,
    closedAt: null,
    maxFiles: 0,
    maxFileSize: oneTime ? 0 : maxShareSize,
    maxTotalSize: oneTime ? maxShareSize : 0,
    allowedTypes: [],
    passwordHash: null,
    nameField: 'hidden',
    emailField: 'hidden',
    reusable: !oneTime,
    filesTaken: 0,
    bytesTaken: 0,
    submissions: 0,
  };
}

interface ShareContext {
  owners: Map<string, string>;
  requests: Map<string, FileRequest>;
  sharesFolder: string;
  now: number;
}

/** A share as an upload, or why it is not imported. */
function uploadOf(row: SourceRow, security: SourceRow | undefined, files: SourceRow[], context: ShareContext): SourceUpload | string {
  const shareId = textOf(row.id);
  if (row.removedReason) return `removed on Pingvin Share: ${textOf(row.removedReason)}`;
  if (!flagOf(row.uploadLocked)) return 'never completed (its upload did not finish)';
  if ('storageProvider' in row && row.storageProvider !== 'LOCAL')
    return `its files are in ${textOf(row.storageProvider)}, not in the data folder`;
  // Pingvin's "never": the epoch.
  const expiration = instantOf(row.expiration);
  const expireAt = expiration === null || expiration === 0 ? null : expiration;
  if (expireAt !== null && expireAt <= context.now) return 'expired';
  const maxViews = Number(security?.maxViews ?? 0);
  const viewsLeft = maxViews > 0 ? maxViews - Number(row.views ?? 0) : 0;
  if (maxViews > 0 && viewsLeft <= 0) return `spent: its ${maxViews} views were made`;
  if (files.length === 0) return 'it has no files';
  const folder = path.join(context.sharesFolder, shareId);
  const missing = files.find((file) => !isFile(path.join(folder, textOf(file.id))));
  if (missing) return `file ${textOf(missing.id)} (${textOf(missing.name)}) is missing from ${folder}`;
  const request = context.requests.get(textOf(row.reverseShareId));
  const createdAt = instantOf(row.createdAt) ?? context.now;
  const password = textOf(security?.password);
  const comments = [textOf(row.name), textOf(row.description)].filter((part) => part !== '').join('\n\n');
  // Never opened to all for want of a hash Ferry can check.
  if (password && !password.startsWith('$argon2')) return 'its password hash is not argon2, which Ferry checks';
  const notes: string[] = [];
  const id = pingvinShareId(shareId);
  if (id !== shareId) notes.push(`its id is no Ferry id: its link is now /d?id=${id}`);
  return {
    sourceId: shareId,
    notes,
    upload: {
      id,
      createdAt,
      expireAt,
      ttl: expireAt === null ? -1 : Math.max(1, Math.round((expireAt - createdAt) / 1000)),
      extendTtl: false,
      oneShot: false,
      removable: false,
      login: password ? 'plik' : null,
      passwordHash: password || null,
      comments,
      // A share sent through a reverse share is its requester's, as on Pingvin.
      userId: request?.userId ?? context.owners.get(textOf(row.creatorId)) ?? null,
      remoteIp: null,
      maxDownloads: viewsLeft,
      hotlinkProtection: false,
      downloadCount: 0,
      downloadedBytes: 0,
      lastDownloadedAt: null,
      e2ee: '',
    },
    files: files.map((file) => ({
      file: {
        id: pingvinFileId(textOf(file.id)),
        name: textOf(file.name),
        type: '',
        createdAt: instantOf(file.createdAt) ?? createdAt,
        downloadLimit: viewsLeft,
        downloadsReserved: 0,
        downloadsCompleted: 0,
        downloadCount: 0,
        lastDownloadedAt: null,
      },
      open: async () => createReadStream(path.join(folder, textOf(file.id))),
    })),
  };
}

const isFile = (file: string) => existsSync(file) && statSync(file).isFile();
