// A Gokapi server's data as Gokapi itself leaves it, built here from its format as its source defines it
// (internal/configuration/database/provider/sqlite, internal/models, internal/encryption, secure-io/sio-go): a
// gokapi.sqlite with its tables, its files under their SHA-1 in the data folder (encrypted ones in sio's format, their
// keys sealed under the config's cipher, the encryption info gob-encoded), and config/config.json with its salts.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { argon2id } from 'hash-wasm';
import { openEmbeddedSqlite } from '../../src/metadata/embedded-sqlite.js';

/** Gokapi's tables, with the columns its provider reads (types as SQLite keeps them). */
export const GOKAPI_SCHEMA = `
CREATE TABLE ApiKeys (Id TEXT NOT NULL UNIQUE PRIMARY KEY, FriendlyName TEXT NOT NULL, LastUsed INTEGER NOT NULL,
  Permissions INTEGER NOT NULL DEFAULT 0, Expiry INTEGER, IsSystemKey INTEGER, UserId INTEGER NOT NULL,
  PublicId TEXT NOT NULL UNIQUE, UploadRequestId TEXT NOT NULL);
CREATE TABLE FileMetaData (Id TEXT NOT NULL UNIQUE PRIMARY KEY, Name TEXT NOT NULL, Size TEXT NOT NULL, SHA1 TEXT NOT NULL,
  ExpireAt INTEGER NOT NULL, SizeBytes INTEGER NOT NULL, DownloadsRemaining INTEGER NOT NULL, DownloadCount INTEGER NOT NULL,
  PasswordHash TEXT NOT NULL, HotlinkId TEXT NOT NULL, ContentType TEXT NOT NULL, AwsBucket TEXT NOT NULL,
  Encryption BLOB NOT NULL, UnlimitedDownloads INTEGER NOT NULL, UnlimitedTime INTEGER NOT NULL, UserId INTEGER NOT NULL,
  UploadDate INTEGER NOT NULL, PendingDeletion INTEGER NOT NULL, UploadRequestId TEXT NOT NULL);
CREATE TABLE Hotlinks (Id TEXT NOT NULL UNIQUE PRIMARY KEY, FileId TEXT NOT NULL UNIQUE);
CREATE TABLE Users (Id INTEGER PRIMARY KEY AUTOINCREMENT, Name TEXT NOT NULL UNIQUE, Password TEXT, Permissions INTEGER NOT NULL,
  Userlevel INTEGER NOT NULL, LastOnline INTEGER NOT NULL DEFAULT 0, ResetPassword INTEGER NOT NULL DEFAULT 0);
CREATE TABLE UploadRequests (id TEXT NOT NULL UNIQUE PRIMARY KEY, name TEXT, userid INTEGER NOT NULL, expiry INTEGER NOT NULL,
  maxFiles INTEGER NOT NULL, maxSize INTEGER NOT NULL, creation INTEGER NOT NULL, apiKey TEXT NOT NULL UNIQUE, note TEXT NOT NULL);
`;

// --- gob, as Go's encoding/gob writes one EncryptionInfo with a fresh Encoder: its type, then the value.

function gobUint(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x100 - bytes.length, ...bytes]);
}
const gobInt = (i: number) => gobUint(i < 0 ? (-i - 1) * 2 + 1 : i * 2);
const gobText = (text: string | Buffer) => Buffer.concat([gobUint(Buffer.byteLength(text)), Buffer.from(text)]);
const gobMessage = (...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([gobUint(body.length), body]);
};
const ONE = Buffer.from([1]);
const END = Buffer.from([0]);
/** Gokapi's type EncryptionInfo: fields of gob's bool (1) and []byte (5) types; the first type of a stream is 65. */
const ENCRYPTION_INFO_TYPE = gobMessage(
  gobInt(-65),
  Buffer.from([3]), // wireType's StructT
  ONE, // structType's CommonType
  ONE,
  gobText('EncryptionInfo'),
  ONE,
  gobInt(65),
  END,
  ONE, // structType's Field
  gobUint(4),
  ...(
    [
      ['IsEncrypted', 1],
      ['IsEndToEndEncrypted', 1],
      ['DecryptionKey', 5],
      ['Nonce', 5],
    ] as const
  ).flatMap(([name, id]) => [ONE, gobText(name), ONE, gobInt(id), END]),
  END,
  END,
);

export interface EncryptionInfo {
  IsEncrypted?: boolean;
  IsEndToEndEncrypted?: boolean;
  DecryptionKey?: Buffer;
  Nonce?: Buffer;
}

/** The gob bytes Gokapi stores in FileMetaData.Encryption: zero fields are left out, each other one after its delta. */
export function gobEncryptionInfo(info: EncryptionInfo): Buffer {
  const fields: Buffer[] = [];
  let last = -1;
  const field = (index: number, value: Buffer) => {
    fields.push(gobUint(index - last), value);
    last = index;
  };
  if (info.IsEncrypted) field(0, ONE);
  if (info.IsEndToEndEncrypted) field(1, ONE);
  if (info.DecryptionKey) field(2, gobText(info.DecryptionKey));
  if (info.Nonce) field(3, gobText(info.Nonce));
  return Buffer.concat([ENCRYPTION_INFO_TYPE, gobMessage(gobInt(65), ...fields, END)]);
}

// --- sio-go's stream over AES-256-GCM, as Gokapi's encryption.Encrypt writes a file.

const FRAGMENT = 1 << 14;

function sioNonce(fragment: number): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeUInt32LE(fragment, 8);
  return nonce;
}

export function sioEncrypt(key: Buffer, plain: Buffer): Buffer {
  const empty = createCipheriv('aes-256-gcm', key, sioNonce(0));
  empty.final();
  const tagOfNothing = empty.getAuthTag();
  // The last fragment holds what is left, up to a whole fragment (an empty file: an empty last fragment).
  const lastLength = plain.length === 0 ? 0 : ((plain.length - 1) % FRAGMENT) + 1;
  const fragments: Buffer[] = [];
  for (let start = 0, n = 1; ; n++) {
    const last = start + lastLength >= plain.length;
    const end = last ? plain.length : start + FRAGMENT;
    const cipher = createCipheriv('aes-256-gcm', key, sioNonce(n));
    cipher.setAAD(Buffer.concat([Buffer.from([last ? 0x80 : 0]), tagOfNothing]));
    fragments.push(cipher.update(plain.subarray(start, end)), cipher.final(), cipher.getAuthTag());
    if (last) return Buffer.concat(fragments);
    start = end;
  }
}

/** A file key sealed as Gokapi seals it in a file's record: AES-256-GCM under the server's cipher and a nonce. */
export function sealFileKey(cipherKey: Buffer, fileKey: Buffer, nonce: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', cipherKey, nonce);
  return Buffer.concat([cipher.update(fileKey), cipher.final(), cipher.getAuthTag()]);
}

// --- password hashes, as Gokapi's configuration.HashPassword makes them.

export async function gokapiArgon2(password: string): Promise<string> {
  const salt = Buffer.from(randomBytes(12).toString('base64url').slice(0, 16));
  const hash = await argon2id({ password, salt, parallelism: 1, iterations: 2, memorySize: 28 * 1024, hashLength: 32, outputType: 'hex' });
  return `argon2id$${salt.toString('hex')}$${hash}`;
}

export const gokapiSha1 = (password: string, salt: string) =>
  createHash('sha1')
    .update(password + salt)
    .digest('hex');

// --- the whole data folder.

export interface GokapiFileRow {
  Id: string;
  Name: string;
  ContentType?: string;
  content: Buffer;
  /** Seconds since the epoch; 0 with UnlimitedTime. */
  ExpireAt?: number;
  DownloadsRemaining?: number;
  DownloadCount?: number;
  UnlimitedDownloads?: boolean;
  UnlimitedTime?: boolean;
  PasswordHash?: string;
  HotlinkId?: string;
  AwsBucket?: string;
  UserId?: number;
  PendingDeletion?: number;
  /** Sealed with the server's cipher (a key of its own), or marked end-to-end encrypted (the bytes as given). */
  encryption?: 'server' | 'e2e';
  /** Not written to the data folder. */
  missingBytes?: boolean;
  /** One byte of the stored bytes flipped after encryption. */
  damaged?: boolean;
}

export interface GokapiData {
  root: string;
  dataDir: string;
  configFile: string;
  cipher: Buffer;
  saltAdmin: string;
  saltFiles: string;
}

export async function writeGokapiData(
  root: string,
  content: { users?: unknown[][]; apiKeys?: unknown[][]; requests?: unknown[][]; files: GokapiFileRow[] },
): Promise<GokapiData> {
  const dataDir = path.join(root, 'data');
  const configFile = path.join(root, 'config', 'config.json');
  await mkdir(dataDir, { recursive: true });
  await mkdir(path.dirname(configFile), { recursive: true });
  const cipher = randomBytes(32);
  const data: GokapiData = {
    root,
    dataDir,
    configFile,
    cipher,
    saltAdmin: 'saltadmin-0123456789abcdefghij',
    saltFiles: 'saltfiles-0123456789abcdefghij',
  };
  await writeFile(
    configFile,
    JSON.stringify({
      Authentication: { Method: 0, SaltAdmin: data.saltAdmin, SaltFiles: data.saltFiles, Username: 'admin' },
      DataDir: 'data',
      DatabaseUrl: 'sqlite://./data/gokapi.sqlite',
      Encryption: { Level: 1, Cipher: cipher.toString('base64'), Salt: '', Checksum: '', ChecksumSalt: '' },
    }),
  );
  const db = await openEmbeddedSqlite(path.join(dataDir, 'gokapi.sqlite'));
  db.exec(GOKAPI_SCHEMA);
  const insert = (sql: string, values: unknown[]) => db.prepare(sql).run(values);
  for (const user of content.users ?? [])
    insert('INSERT INTO Users (Id, Name, Password, Permissions, Userlevel, ResetPassword) VALUES (?, ?, ?, ?, ?, ?)', user);
  for (const key of content.apiKeys ?? [])
    insert(
      'INSERT INTO ApiKeys (Id, FriendlyName, LastUsed, Permissions, Expiry, IsSystemKey, UserId, PublicId, UploadRequestId) VALUES (?, ?, 0, 15, ?, ?, ?, ?, ?)',
      key,
    );
  for (const request of content.requests ?? [])
    insert(
      'INSERT INTO UploadRequests (id, name, userid, expiry, maxFiles, maxSize, creation, apiKey, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      request,
    );
  const now = Math.floor(Date.now() / 1000);
  for (const file of content.files) {
    let stored = file.content;
    let info: EncryptionInfo = {};
    if (file.encryption === 'server') {
      const fileKey = randomBytes(32);
      const nonce = randomBytes(12);
      stored = sioEncrypt(fileKey, file.content);
      info = { IsEncrypted: true, DecryptionKey: sealFileKey(cipher, fileKey, nonce), Nonce: nonce };
    } else if (file.encryption === 'e2e') info = { IsEncrypted: true, IsEndToEndEncrypted: true };
    if (file.damaged) stored[stored.length - 20]! ^= 1;
    // Gokapi names stored bytes by the SHA-1 of the plain file (salted with SaltFiles for encrypted ones).
    const sha1 = createHash('sha1')
      .update(file.content)
      .update(file.encryption ? data.saltFiles : '')
      .digest('hex');
    if (!file.missingBytes) await writeFile(path.join(dataDir, sha1), stored);
    insert(
      `INSERT INTO FileMetaData (Id, Name, Size, SHA1, ExpireAt, SizeBytes, DownloadsRemaining, DownloadCount, PasswordHash, HotlinkId,
         ContentType, AwsBucket, Encryption, UnlimitedDownloads, UnlimitedTime, UserId, UploadDate, PendingDeletion, UploadRequestId)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')`,
      [
        file.Id,
        file.Name,
        `${file.content.length} B`,
        sha1,
        file.ExpireAt ?? now + 86_400,
        file.content.length,
        file.DownloadsRemaining ?? 0,
        file.DownloadCount ?? 0,
        file.PasswordHash ?? '',
        file.HotlinkId ?? '',
        file.ContentType ?? 'application/octet-stream',
        file.AwsBucket ?? '',
        gobEncryptionInfo(info),
        file.UnlimitedDownloads ? 1 : 0,
        file.UnlimitedTime ? 1 : 0,
        file.UserId ?? 1,
        now - 3600,
        file.PendingDeletion ?? 0,
      ],
    );
    if (file.HotlinkId) insert('INSERT INTO Hotlinks (Id, FileId) VALUES (?, ?)', [file.HotlinkId, file.Id]);
  }
  db.close?.();
  return data;
}
