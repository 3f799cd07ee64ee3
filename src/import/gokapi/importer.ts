// `ferry import-from gokapi <data folder>`: Gokapi's SQLite database (internal/configuration/database/provider/
// sqlite) and the files beside it, each stored under its SHA-1 in the data folder. Every Gokapi file becomes an
// upload of one file that keeps the file's id (/d?id= links), its remaining downloads, expiry and password; a
// hotlinked file's upload takes the hotlink's id, which Ferry's /h/ and /hotlink/ routes serve. Users, API keys
// (as the owner's tokens, which Ferry's Gokapi API takes) and file requests come along. Redis databases are not read.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { hashOfSecret } from '../../domain/secrets.js';
import { TOKEN_PREFIX_LENGTH } from '../../domain/tokens.js';
import { userId } from '../../domain/users.js';
import { openEmbeddedSqlite, type EmbeddedDatabase } from '../../metadata/embedded-sqlite.js';
import { isWellFormedLogin } from '../../model/logins.js';
import type { User } from '../../model/model.js';
import { keptId } from '../ids.js';
import { emptyPlan, ImportError, type Importer, type ImportPlan } from '../source.js';
import { readGokapiSecrets, type GokapiSecrets } from './config.js';
import { gokapiFile } from './files.js';
import { ferryHashOf } from './passwords.js';

/** Gokapi's user levels (internal/models/User.go): 0 the super admin, 1 an admin, 2 a user. */
const ADMIN_LEVEL = 1;
const MB = 1024 * 1024;
/** The columns of FileMetaData the import reads (Gokapi 2's schema). */
const FILE_COLUMNS = [
  'Id',
  'Name',
  'SHA1',
  'ExpireAt',
  'SizeBytes',
  'DownloadsRemaining',
  'DownloadCount',
  'PasswordHash',
  'HotlinkId',
  'ContentType',
  'AwsBucket',
  'Encryption',
  'UnlimitedDownloads',
  'UnlimitedTime',
  'UserId',
  'UploadDate',
  'PendingDeletion',
  'UploadRequestId',
];

interface UserRow {
  Id: number;
  Name: string;
  Password: string | null;
  Userlevel: number;
  ResetPassword: number;
}

interface ApiKeyRow {
  Id: string;
  FriendlyName: string;
  Expiry: number | null;
  IsSystemKey: number | null;
  UserId: number;
  UploadRequestId: string;
}

interface RequestRow {
  id: string;
  name: string | null;
  userid: number;
  expiry: number;
  maxFiles: number;
  maxSize: number;
  creation: number;
  note: string;
}

export const importGokapi: Importer = async (source, options, now) => {
  const { database, filesDir } = locate(source, options.gokapiFiles);
  const secrets = readGokapiSecrets(filesDir, options.gokapiConfig, options.gokapiCipher);
  let db: EmbeddedDatabase;
  try {
    db = await openEmbeddedSqlite(database, { readOnly: true });
  } catch (err) {
    throw new ImportError(`cannot open ${database} as SQLite: ${(err as Error).message}`);
  }
  try {
    return readPlan(db, filesDir, secrets, now);
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`${database} is not a Gokapi database Ferry can read: ${(err as Error).message}`);
  } finally {
    db.close?.();
  }
};

/** The database and the folder of files a path names: the data folder, or its gokapi.sqlite. */
function locate(source: string, filesOption: string | undefined): { database: string; filesDir: string } {
  if (!existsSync(source)) throw new ImportError('no such file or folder');
  const isFolder = statSync(source).isDirectory();
  const database = isFolder ? path.join(source, 'gokapi.sqlite') : source;
  if (!existsSync(database)) throw new ImportError('no gokapi.sqlite in this folder (give the SQLite file itself if it is elsewhere)');
  return { database, filesDir: filesOption ?? (isFolder ? source : path.dirname(source)) };
}

function readPlan(db: EmbeddedDatabase, filesDir: string, secrets: GokapiSecrets, now: number): ImportPlan {
  const tables = new Set(rows<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table'").map((t) => t.name));
  if (!tables.has('FileMetaData')) throw new ImportError('not a Gokapi database: it has no FileMetaData table');
  const columns = new Set(rows<{ name: string }>(db, 'PRAGMA table_info(FileMetaData)').map((c) => c.name));
  const lacking = FILE_COLUMNS.filter((c) => !columns.has(c));
  if (lacking.length > 0) throw new ImportError(`not a Gokapi database Ferry can read: FileMetaData has no ${lacking.join(', ')}`);
  const plan = emptyPlan();
  plan.notes.push(
    "Gokapi's Redis databases are not read: only its SQLite database",
    "Gokapi's sessions, logs and statistics are not imported; API keys' permissions are not kept (a token may do what its user may)",
  );
  const owners = tables.has('Users') ? readUsers(db, plan, secrets, now) : new Map<number, string>();
  if (tables.has('ApiKeys')) readApiKeys(db, plan, owners, now);
  if (tables.has('UploadRequests')) readRequests(db, plan, owners, now);
  const hotlinks = new Map<string, string>();
  if (tables.has('Hotlinks')) {
    for (const { Id, FileId } of rows<{ Id: string; FileId: string }>(db, 'SELECT Id, FileId FROM Hotlinks')) hotlinks.set(FileId, Id);
  }
  for (const row of rows<Record<string, unknown>>(db, 'SELECT * FROM FileMetaData ORDER BY UploadDate, Id')) {
    const result = gokapiFile(row, { filesDir, secrets, owners, hotlinks, now });
    if ('skipped' in result) plan.skipped.push({ kind: 'uploads', sourceId: String(row.Id), reason: result.skipped });
    else plan.uploads.push(result);
  }
  return plan;
}

function readUsers(db: EmbeddedDatabase, plan: ImportPlan, secrets: GokapiSecrets, now: number): Map<number, string> {
  const owners = new Map<number, string>();
  for (const row of rows<UserRow>(db, 'SELECT Id, Name, Password, Userlevel, ResetPassword FROM Users ORDER BY Id')) {
    const sourceId = String(row.Id);
    if (!isWellFormedLogin(row.Name) || row.Name === '') {
      plan.skipped.push({ kind: 'users', sourceId, reason: `its name ${JSON.stringify(row.Name)} cannot be a Ferry login` });
      continue;
    }
    const hash = row.Password
      ? ferryHashOf(row.Password, secrets.saltAdmin)
      : { unusable: 'none in Gokapi (signed in through OpenID Connect)' };
    const user: User = {
      id: userId('local', row.Name),
      provider: 'local',
      login: row.Name,
      passwordHash: 'hash' in hash && !row.ResetPassword ? hash.hash : null,
      name: '',
      email: row.Name.includes('@') ? row.Name : '',
      isAdmin: row.Userlevel <= ADMIN_LEVEL,
      maxFileSize: 0,
      maxUserSize: 0,
      maxTtl: 0,
      createdAt: now,
      theme: '',
      language: '',
      ageRecipient: '',
    };
    const passwordReset = row.ResetPassword
      ? 'Gokapi asked for a new password at the next sign-in'
      : 'unusable' in hash
        ? hash.unusable
        : undefined;
    plan.users.push({ sourceId, user, passwordReset });
    owners.set(row.Id, user.id);
  }
  return owners;
}

function readApiKeys(db: EmbeddedDatabase, plan: ImportPlan, owners: Map<number, string>, now: number): void {
  const keys = rows<ApiKeyRow>(db, 'SELECT Id, FriendlyName, Expiry, IsSystemKey, UserId, UploadRequestId FROM ApiKeys');
  for (const key of keys) {
    // Reported by their public part alone: the key itself is a secret.
    const sourceId = `${key.Id.slice(0, 4)}…`;
    const skip = (reason: string) => plan.skipped.push({ kind: 'tokens', sourceId, reason });
    const owner = owners.get(key.UserId);
    if (key.IsSystemKey) skip('a key Gokapi makes for its own web page');
    else if (key.UploadRequestId) skip("a file request's key: Ferry's requests take none");
    else if (key.Expiry && key.Expiry * 1000 <= now) skip('expired');
    else if (!owner) skip(`its owner (Gokapi user ${key.UserId}) is not imported`);
    else {
      plan.tokens.push({
        sourceId,
        token: {
          hash: hashOfSecret(key.Id),
          prefix: key.Id.slice(0, TOKEN_PREFIX_LENGTH),
          userId: owner,
          comment: key.FriendlyName,
          createdAt: now,
        },
      });
    }
  }
}

function readRequests(db: EmbeddedDatabase, plan: ImportPlan, owners: Map<number, string>, now: number): void {
  const taken = new Map<string, { files: number; bytes: number }>();
  for (const row of rows<{ UploadRequestId: string; files: number; bytes: number }>(
    db,
    "SELECT UploadRequestId, COUNT(*) AS files, SUM(SizeBytes) AS bytes FROM FileMetaData WHERE UploadRequestId != '' GROUP BY UploadRequestId",
  )) {
    taken.set(row.UploadRequestId, { files: Number(row.files), bytes: Number(row.bytes) });
  }
  for (const row of rows<RequestRow>(db, 'SELECT id, name, userid, expiry, maxFiles, maxSize, creation, note FROM UploadRequests')) {
    const owner = owners.get(row.userid);
    const skip = (reason: string) => plan.skipped.push({ kind: 'fileRequests', sourceId: row.id, reason });
    if (!owner) skip(`its owner (Gokapi user ${row.userid}) is not imported`);
    else if (row.expiry && row.expiry * 1000 <= now) skip('expired');
    else {
      const id = keptId('gokapi', 'request', row.id);
      const used = taken.get(row.id) ?? { files: 0, bytes: 0 };
      plan.fileRequests.push({
        sourceId: row.id,
        request: {
          id,
          userId: owner,
          title: row.name || 'File request',
          message: row.note,
          createdAt: row.creation * 1000,
          expireAt: row.expiry ? row.expiry * 1000 : null,
          closedAt: null,
          maxFiles: row.maxFiles,
          maxFileSize: row.maxSize * MB,
          maxTotalSize: 0,
          allowedTypes: [],
          passwordHash: null,
          nameField: 'hidden',
          emailField: 'hidden',
          reusable: true,
          filesTaken: used.files,
          bytesTaken: used.bytes,
          submissions: 0,
        },
      });
    }
  }
}

function rows<T>(db: EmbeddedDatabase, sql: string): T[] {
  return db.prepare(sql).all([]) as T[];
}
