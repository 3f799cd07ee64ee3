// The folder plikd runs in, as Plik 1.3 leaves it with its defaults: plik.db (gorm's tables after Plik's migrations
// 0001 to 0004, instants as Go writes them: `2006-01-02 15:04:05.999999999-07:00`) and files/<id[:2]>/<id> (its file
// data backend; Plik before 1.3: files/<uploadId[:2]>/<uploadId>/<id>). Secrets as Plik keeps them: upload and user
// tokens in clear, upload passwords as MD5(base64("login:password")), account passwords as bcrypt.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bcrypt } from 'hash-wasm';
import { openEmbeddedSqlite } from '../../src/metadata/embedded-sqlite.js';

const SCHEMA = `
CREATE TABLE \`migrations\` (\`id\` text,PRIMARY KEY (\`id\`));
CREATE TABLE \`uploads\` (\`id\` text,\`ttl\` integer,\`extend_ttl\` numeric,\`remote_ip\` text,\`comments\` text,\`upload_token\` text,
  \`user\` text,\`token\` text,\`stream\` numeric,\`one_shot\` numeric,\`removable\` numeric,\`protected_by_password\` numeric,
  \`login\` text,\`password\` text,\`created_at\` datetime,\`deleted_at\` datetime,\`expire_at\` datetime,PRIMARY KEY (\`id\`));
CREATE TABLE \`files\` (\`id\` text,\`upload_id\` text,\`name\` text,\`status\` text,\`md5\` text,\`type\` text,\`size\` integer,
  \`reference\` text,\`backend_details\` text,\`created_at\` datetime,PRIMARY KEY (\`id\`),
  CONSTRAINT \`fk_uploads_files\` FOREIGN KEY (\`upload_id\`) REFERENCES \`uploads\`(\`id\`));
CREATE TABLE \`users\` (\`id\` text,\`provider\` text,\`login\` text,\`password\` text,\`name\` text,\`email\` text,\`is_admin\` numeric,
  \`max_file_size\` integer,\`max_user_size\` integer,\`max_ttl\` integer,\`created_at\` datetime,PRIMARY KEY (\`id\`));
CREATE TABLE \`tokens\` (\`token\` text,\`comment\` text,\`user_id\` text,\`created_at\` datetime,PRIMARY KEY (\`token\`),
  CONSTRAINT \`fk_users_tokens\` FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`));
CREATE TABLE \`settings\` (\`key\` text,\`value\` text,PRIMARY KEY (\`key\`));
INSERT INTO migrations VALUES('SCHEMA_INIT'),('0001-initial'),('0002-user-limits'),('0003-extend-ttl'),('0004-max-user-size');
`;

/** An instant as Go's time.Time is written by gorm's SQLite driver, in a zone two hours east. */
export function goTime(ms: number): string {
  const local = new Date(ms + 2 * 3_600_000).toISOString().replace('T', ' ').replace('Z', '');
  return `${local}123456+02:00`;
}

/** Plik's upload password: the MD5 of what a Basic header carries after "Basic ". */
export const plikPasswordMd5 = (login: string, password: string) =>
  createHash('md5')
    .update(Buffer.from(`${login}:${password}`).toString('base64'))
    .digest('hex');

/** Plik's account passwords: bcrypt (Plik's cost is 14; a lower one here keeps the test fast, the check is the same). */
export const plikBcrypt = (password: string) => bcrypt({ password, salt: randomBytes(16), costFactor: 8, outputType: 'encoded' });

export const plikId = (length = 16) => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
};

export interface PlikFile {
  id: string;
  name: string;
  type: string;
  status: string;
  bytes: Buffer;
  /** Written in Plik's layout before 1.3. */
  oldLayout?: boolean;
}

export interface PlikUpload {
  id: string;
  uploadToken: string;
  user?: string;
  token?: string;
  ttl: number;
  expireAt: number | null;
  oneShot?: boolean;
  removable?: boolean;
  stream?: boolean;
  extendTtl?: boolean;
  login?: string;
  password?: string;
  comments?: string;
  deleted?: boolean;
  files: PlikFile[];
  missingBytes?: boolean;
}

export interface PlikData {
  users: Array<{
    id: string;
    provider: string;
    login: string;
    password?: string;
    name?: string;
    email?: string;
    isAdmin?: boolean;
    maxTtl?: number;
  }>;
  tokens: Array<{ token: string; userId: string; comment: string }>;
  uploads: PlikUpload[];
}

export const plikFile = (name: string, size: number, extra: Partial<PlikFile> = {}): PlikFile => ({
  id: plikId(),
  name,
  type: 'application/octet-stream',
  status: 'uploaded',
  bytes: randomBytes(size),
  ...extra,
});

export const newPlikToken = () => randomUUID();

/** Writes the folder; returns its path. */
export async function writePlikFolder(data: PlikData): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'plik-server-'));
  const files = path.join(folder, 'files');
  await mkdir(files);
  const db = await openEmbeddedSqlite(path.join(folder, 'plik.db'));
  try {
    db.exec(SCHEMA);
    const run = (sql: string, ...values: unknown[]) => db.prepare(sql).run(values);
    const created = goTime(Date.now() - 3_600_000);
    for (const u of data.users) {
      const hash = u.password === undefined ? '' : await plikBcrypt(u.password);
      run(
        'INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)',
        u.id,
        u.provider,
        u.login,
        hash,
        u.name ?? '',
        u.email ?? '',
        u.isAdmin ? 1 : 0,
        u.maxTtl ?? 0,
        created,
      );
    }
    for (const t of data.tokens) run('INSERT INTO tokens VALUES (?, ?, ?, ?)', t.token, t.comment, t.userId, created);
    for (const u of data.uploads) {
      const password = u.password === undefined ? '' : plikPasswordMd5(u.login ?? 'plik', u.password);
      run(
        'INSERT INTO uploads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        u.id,
        u.ttl,
        u.extendTtl ? 1 : 0,
        '192.0.2.7',
        u.comments ?? '',
        u.uploadToken,
        u.user ?? '',
        u.token ?? '',
        u.stream ? 1 : 0,
        u.oneShot ? 1 : 0,
        u.removable ? 1 : 0,
        u.password === undefined ? 0 : 1,
        u.password === undefined ? '' : (u.login ?? 'plik'),
        password,
        created,
        u.deleted ? created : null,
        u.expireAt === null ? null : goTime(u.expireAt),
      );
      for (const f of u.files) {
        const md5 = createHash('md5').update(f.bytes).digest('hex');
        run(
          'INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          f.id,
          u.id,
          f.name,
          f.status,
          md5,
          f.type,
          f.bytes.length,
          '',
          '',
          created,
        );
        if (u.missingBytes || f.status !== 'uploaded') continue;
        const dir = f.oldLayout ? path.join(files, u.id.slice(0, 2), u.id) : path.join(files, f.id.slice(0, 2));
        await mkdir(dir, { recursive: true });
        await writeFile(path.join(dir, f.id), f.bytes);
      }
    }
  } finally {
    db.close();
  }
  return folder;
}
