// Plik's own SQLite database (gorm's tables uploads, files, users, tokens, as Plik's migrations 0001 to 0004 leave
// them) and its `file` data backend's folder (<dir>/<first two characters of the file id>/<file id>, or the layout of
// Plik before 1.3, <dir>/<upload id's first two>/<upload id>/<file id>), for servers moved without `ferry migrate`.
// Every id is kept, so that /file/<upload>/<file>/<name> links, upload tokens and user tokens go on working; the
// secrets Plik kept in clear (upload and user tokens) are stored as Ferry stores them, hashed.
import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { TOKEN_PREFIX_LENGTH } from '../../domain/tokens.js';
import { fromPlikPasswordMd5 } from '../../domain/passwords.js';
import { hashOfSecret } from '../../domain/secrets.js';
import { USER_PROVIDERS, type User, type UserProvider } from '../../model/model.js';
import { isWellFormedId } from '../../model/ids.js';
import { ImportError, emptyPlan, type ImportPlan, type Importer, type SourceUpload } from '../source.js';
import { flagOf, instantOf, openSqliteSource, textOf, type SourceRow, type SqliteSource } from '../sqlite-source.js';

const SERVER = 'Plik';
/** Plik's defaults (plikd.cfg): the database and the data folder, both beside plikd. */
const DATABASE = 'plik.db';
const FILES = 'files';

const COLUMNS = {
  uploads: [
    'id',
    'ttl',
    'extend_ttl',
    'remote_ip',
    'comments',
    'upload_token',
    'user',
    'token',
    'stream',
    'one_shot',
    'removable',
    'protected_by_password',
    'login',
    'password',
    'created_at',
    'deleted_at',
    'expire_at',
  ],
  files: ['id', 'upload_id', 'name', 'status', 'md5', 'type', 'size', 'reference', 'created_at'],
  users: ['id', 'provider', 'login', 'password', 'name', 'email', 'is_admin', 'created_at'],
  tokens: ['token', 'comment', 'user_id', 'created_at'],
} as const;

/**
 * `source`: the folder plikd ran in (plik.db and files/ in it), or the database file itself, its data folder then
 * `files` beside it, or the one `--plik-data` names.
 */
export const importPlik: Importer = async (source, options, now) => {
  const { database, files } = locate(source, options.plikData);
  const db = await openSqliteSource(database, SERVER, COLUMNS);
  try {
    return await read(db, files, now);
  } finally {
    db.close();
  }
};

function locate(source: string, data: string | undefined): { database: string; files: string } {
  if (!existsSync(source)) throw new ImportError(`${source}: no such file or folder`);
  const isFolder = statSync(source).isDirectory();
  const database = isFolder ? path.join(source, DATABASE) : source;
  if (!existsSync(database)) throw new ImportError(`${source}: no ${DATABASE}: name the folder plikd ran in, or its database file`);
  const files = data ?? path.join(isFolder ? source : path.dirname(source), FILES);
  if (!existsSync(files) || !statSync(files).isDirectory()) {
    throw new ImportError(`${files}: no such folder, where Plik's files should be (DataBackendConfig.Directory): name it with --plik-data`);
  }
  return { database, files };
}

async function read(db: SqliteSource, folder: string, now: number): Promise<ImportPlan> {
  const plan = emptyPlan();
  const users = new Set<string>();
  for (const row of db.all('SELECT * FROM users ORDER BY created_at, id')) {
    const user = userOf(row);
    if (typeof user === 'string') plan.skipped.push({ kind: 'users', sourceId: textOf(row.id), reason: user });
    else {
      users.add(user.id);
      plan.users.push({ sourceId: user.id, user });
    }
  }
  for (const row of db.all('SELECT * FROM tokens ORDER BY created_at, token')) {
    const secret = textOf(row.token);
    // A token is its own only id: the report names it by what Ferry shows of it.
    const sourceId = `${secret.slice(0, TOKEN_PREFIX_LENGTH)}…`;
    const userId = textOf(row.user_id);
    if (!users.has(userId)) plan.skipped.push({ kind: 'tokens', sourceId, reason: `its user ${userId} is not imported` });
    else {
      const token = {
        hash: hashOfSecret(secret),
        prefix: secret.slice(0, TOKEN_PREFIX_LENGTH),
        userId,
        comment: textOf(row.comment),
        createdAt: instantOf(row.created_at) ?? now,
      };
      plan.tokens.push({ sourceId, token });
    }
  }
  for (const row of db.all('SELECT * FROM uploads ORDER BY created_at, id')) {
    const files = db.all('SELECT * FROM files WHERE upload_id = ? ORDER BY created_at, id', row.id);
    const upload = await uploadOf(row, files, { folder, users, now });
    if (typeof upload === 'string') plan.skipped.push({ kind: 'uploads', sourceId: textOf(row.id), reason: upload });
    else plan.uploads.push(upload);
  }
  plan.notes.push("Plik's settings table (its session signing keys), and stream uploads, whose bytes Plik never stored");
  return plan;
}

function userOf(row: SourceRow): User | string {
  const provider = textOf(row.provider) as UserProvider;
  if (!USER_PROVIDERS.includes(provider)) return `unknown provider ${JSON.stringify(provider)}`;
  const hash = textOf(row.password);
  return {
    id: textOf(row.id),
    provider,
    login: textOf(row.login),
    // bcrypt, as Plik hashes local passwords: Ferry checks it, and replaces it with argon2id at the first sign-in.
    passwordHash: provider === 'local' && hash.startsWith('$2') ? hash : null,
    name: textOf(row.name),
    email: textOf(row.email),
    isAdmin: flagOf(row.is_admin),
    // Added by Plik's migrations 0002 and 0004: 0 (the server's limit) where the database predates them.
    maxFileSize: Number(row.max_file_size ?? 0),
    maxUserSize: Number(row.max_user_size ?? 0),
    maxTtl: Number(row.max_ttl ?? 0),
    createdAt: instantOf(row.created_at) ?? 0,
    theme: '',
    language: '',
    ageRecipient: '',
  };
}

interface UploadContext {
  folder: string;
  users: Set<string>;
  now: number;
}

async function uploadOf(row: SourceRow, rows: SourceRow[], context: UploadContext): Promise<SourceUpload | string> {
  const id = textOf(row.id);
  if (!isWellFormedId(id)) return 'its id is not one of letters and digits';
  if (instantOf(row.deleted_at) !== null) return 'deleted on Plik';
  const expireAt = instantOf(row.expire_at);
  if (expireAt !== null && expireAt <= context.now) return 'expired';
  if (flagOf(row.stream)) return 'a stream upload: Plik never stored its bytes';
  const uploaded = rows.filter((file) => file.status === 'uploaded');
  if (uploaded.length === 0) return 'no file of it was uploaded';
  const files = [];
  for (const file of uploaded) {
    const fileId = textOf(file.id);
    if (!isWellFormedId(fileId)) return `file ${fileId}: its id is not one of letters and digits`;
    const bytes = dataPath(context.folder, id, fileId);
    if (bytes === undefined)
      return `file ${fileId} (${textOf(file.name)}) is not in ${context.folder}: was Plik's data backend this folder?`;
    files.push({ row: file, bytes });
  }
  const notes: string[] = [];
  const left = rows.length - uploaded.length;
  if (left > 0) notes.push(`${left} of its files never finished uploading on Plik and are left out`);
  const userId = textOf(row.user);
  if (userId !== '' && !context.users.has(userId)) notes.push(`its user ${userId} is not imported: the upload is nobody's`);
  const oneShot = flagOf(row.one_shot);
  const createdAt = instantOf(row.created_at) ?? context.now;
  const protectedByPassword = flagOf(row.protected_by_password);
  if (protectedByPassword && !/^[0-9a-f]{32}$/i.test(textOf(row.password))) return 'protected by a password whose hash is no MD5';
  return {
    sourceId: id,
    notes,
    uploadTokenHash: hashOfSecret(textOf(row.upload_token)),
    tokenId: textOf(row.token) === '' ? null : hashOfSecret(textOf(row.token)),
    upload: {
      id,
      createdAt,
      expireAt,
      ttl: Number(row.ttl ?? 0),
      extendTtl: flagOf(row.extend_ttl),
      oneShot,
      removable: flagOf(row.removable),
      login: protectedByPassword ? textOf(row.login) || 'plik' : null,
      passwordHash: protectedByPassword ? await fromPlikPasswordMd5(textOf(row.password)) : null,
      comments: textOf(row.comments),
      userId: context.users.has(userId) ? userId : null,
      remoteIp: textOf(row.remote_ip) || null,
      maxDownloads: 0,
      hotlinkProtection: false,
      downloadCount: 0,
      downloadedBytes: 0,
      lastDownloadedAt: null,
      e2ee: '',
    },
    files: files.map(({ row: file, bytes }) => ({
      file: {
        id: textOf(file.id),
        name: textOf(file.name),
        type: textOf(file.type),
        createdAt: instantOf(file.created_at) ?? createdAt,
        downloadLimit: oneShot ? 1 : 0,
        downloadsReserved: 0,
        downloadsCompleted: 0,
        downloadCount: 0,
        lastDownloadedAt: null,
      },
      open: async () => createReadStream(bytes),
    })),
  };
}

/** Where Plik's file backend keeps a file's bytes: its layout since 1.3, else the one before. */
function dataPath(folder: string, uploadId: string, fileId: string): string | undefined {
  const candidates = [path.join(folder, fileId.slice(0, 2), fileId), path.join(folder, uploadId.slice(0, 2), uploadId, fileId)];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}
