// A Pingvin Share data folder as Pingvin Share 1.x leaves it: pingvin-share.db with the tables its Prisma migrations
// end with (the columns of backend/prisma/schema.prisma, instants as Prisma writes them to SQLite: milliseconds),
// and uploads/shares/<shareId>/<fileId> holding each file's bytes. Passwords hashed as Pingvin hashes them: argon2id
// with the argon2 package's defaults (m=64 MiB, t=3, p=4).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { argon2id } from 'hash-wasm';
import { openEmbeddedSqlite } from '../../src/metadata/embedded-sqlite.js';

const SCHEMA = `
CREATE TABLE "User" (
  "id" TEXT NOT NULL PRIMARY KEY, "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "updatedAt" DATETIME NOT NULL,
  "username" TEXT NOT NULL, "email" TEXT NOT NULL, "password" TEXT, "isAdmin" BOOLEAN NOT NULL DEFAULT false,
  "totpEnabled" BOOLEAN NOT NULL DEFAULT false, "totpVerified" BOOLEAN NOT NULL DEFAULT false, "totpSecret" TEXT, "ldapDN" TEXT
);
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");
CREATE TABLE "ReverseShare" (
  "id" TEXT NOT NULL PRIMARY KEY, "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "token" TEXT NOT NULL,
  "shareExpiration" DATETIME NOT NULL, "maxShareSize" TEXT NOT NULL, "sendEmailNotification" BOOLEAN NOT NULL,
  "remainingUses" INTEGER NOT NULL, "simplified" BOOLEAN NOT NULL DEFAULT false, "publicAccess" BOOLEAN NOT NULL DEFAULT true,
  "creatorId" TEXT NOT NULL REFERENCES "User" ("id") ON DELETE CASCADE
);
CREATE TABLE "Share" (
  "id" TEXT NOT NULL PRIMARY KEY, "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "name" TEXT,
  "uploadLocked" BOOLEAN NOT NULL DEFAULT false, "isZipReady" BOOLEAN NOT NULL DEFAULT false, "views" INTEGER NOT NULL DEFAULT 0,
  "expiration" DATETIME NOT NULL, "description" TEXT, "removedReason" TEXT, "creatorId" TEXT REFERENCES "User" ("id"),
  "reverseShareId" TEXT REFERENCES "ReverseShare" ("id"), "storageProvider" TEXT NOT NULL DEFAULT 'LOCAL'
);
CREATE TABLE "File" (
  "id" TEXT NOT NULL PRIMARY KEY, "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "name" TEXT NOT NULL,
  "size" TEXT NOT NULL, "shareId" TEXT NOT NULL REFERENCES "Share" ("id") ON DELETE CASCADE
);
CREATE TABLE "ShareSecurity" (
  "id" TEXT NOT NULL PRIMARY KEY, "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "password" TEXT,
  "maxViews" INTEGER, "shareId" TEXT REFERENCES "Share" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "ShareSecurity_shareId_key" ON "ShareSecurity"("shareId");
CREATE TABLE "ShareRecipient" ("id" TEXT NOT NULL PRIMARY KEY, "email" TEXT NOT NULL, "shareId" TEXT NOT NULL);
CREATE TABLE "Config" (
  "updatedAt" DATETIME NOT NULL, "name" TEXT NOT NULL, "category" TEXT NOT NULL, "type" TEXT NOT NULL,
  "defaultValue" TEXT NOT NULL DEFAULT '', "value" TEXT, "obscured" BOOLEAN NOT NULL DEFAULT false,
  "secret" BOOLEAN NOT NULL DEFAULT true, "locked" BOOLEAN NOT NULL DEFAULT false, "order" INTEGER NOT NULL,
  PRIMARY KEY ("name", "category")
);
`;

/** As Pingvin's argon2 package hashes: argon2id, 64 MiB, 3 passes, 4 lanes, a 16-byte salt, a 32-byte hash. */
export const pingvinHash = (password: string) =>
  argon2id({ password, salt: randomBytes(16), parallelism: 4, iterations: 3, memorySize: 65536, hashLength: 32, outputType: 'encoded' });

export interface PingvinFile {
  id: string;
  name: string;
  bytes: Buffer;
}

export interface PingvinShare {
  id: string;
  creator?: string;
  name?: string;
  description?: string;
  /** Milliseconds; 0: never (Pingvin's epoch). */
  expiration: number;
  uploadLocked?: boolean;
  views?: number;
  maxViews?: number;
  password?: string;
  removedReason?: string;
  reverseShare?: string;
  storageProvider?: string;
  files: PingvinFile[];
  /** Leaves this file's bytes out of the uploads folder. */
  missingBytes?: boolean;
}

export interface PingvinData {
  users: Array<{ id: string; username: string; email: string; password?: string; isAdmin?: boolean; totp?: boolean }>;
  reverseShares: Array<{
    id: string;
    token: string;
    creator: string;
    shareExpiration: number;
    maxShareSize: number;
    remainingUses: number;
  }>;
  shares: PingvinShare[];
}

export const pingvinFile = (name: string, size: number): PingvinFile => ({ id: randomUUID(), name, bytes: randomBytes(size) });

/** Writes the data folder; returns its path. */
export async function writePingvinFolder(data: PingvinData): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'pingvin-data-'));
  const db = await openEmbeddedSqlite(path.join(folder, 'pingvin-share.db'));
  try {
    db.exec(SCHEMA);
    const run = (sql: string, ...values: unknown[]) => db.prepare(sql).run(values);
    const created = Date.now() - 86_400_000;
    for (const user of data.users) {
      const hash = user.password === undefined ? null : await pingvinHash(user.password);
      run(
        'INSERT INTO "User" (id, createdAt, updatedAt, username, email, password, isAdmin, totpEnabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        user.id,
        created,
        created,
        user.username,
        user.email,
        hash,
        user.isAdmin ? 1 : 0,
        user.totp ? 1 : 0,
      );
    }
    for (const r of data.reverseShares) {
      run(
        'INSERT INTO "ReverseShare" (id, createdAt, token, shareExpiration, maxShareSize, sendEmailNotification, remainingUses, creatorId) VALUES (?, ?, ?, ?, ?, 0, ?, ?)',
        r.id,
        created,
        r.token,
        r.shareExpiration,
        String(r.maxShareSize),
        r.remainingUses,
        r.creator,
      );
    }
    for (const share of data.shares) {
      run(
        'INSERT INTO "Share" (id, createdAt, name, uploadLocked, views, expiration, description, removedReason, creatorId, reverseShareId, storageProvider) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        share.id,
        created,
        share.name ?? null,
        share.uploadLocked === false ? 0 : 1,
        share.views ?? 0,
        share.expiration,
        share.description ?? null,
        share.removedReason ?? null,
        share.creator ?? null,
        share.reverseShare ?? null,
        share.storageProvider ?? 'LOCAL',
      );
      if (share.password !== undefined || share.maxViews !== undefined) {
        const hash = share.password === undefined ? null : await pingvinHash(share.password);
        run(
          'INSERT INTO "ShareSecurity" (id, createdAt, password, maxViews, shareId) VALUES (?, ?, ?, ?, ?)',
          randomUUID(),
          created,
          hash,
          share.maxViews ?? null,
          share.id,
        );
      }
      const dir = path.join(folder, 'uploads', 'shares', share.id);
      await mkdir(dir, { recursive: true });
      for (const [index, file] of share.files.entries()) {
        run(
          'INSERT INTO "File" (id, createdAt, name, size, shareId) VALUES (?, ?, ?, ?, ?)',
          file.id,
          created + index,
          file.name,
          String(file.bytes.length),
          share.id,
        );
        if (!share.missingBytes) await writeFile(path.join(dir, file.id), file.bytes);
      }
    }
  } finally {
    db.close();
  }
  return folder;
}
