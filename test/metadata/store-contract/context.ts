// What every part of the MetadataStore contract suite shares: stores opened on this run's backend, calls recorded
// so that the runner can tell which methods the suite reached, and records to put in them.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/load.js';
import { newFileId, newUploadId, randomId } from '../../../src/model/ids.js';
import type { Session, Token, Upload, UploadFile, User } from '../../../src/model/model.js';
import { openMetadataStore } from '../../../src/metadata/open.js';
import type { MetadataStore } from '../../../src/metadata/store.js';
import { BACKEND, createTestMetadata } from '../../helpers/backends.js';

export interface ContractContext {
  /** The store most tests share; each test makes records of its own ids, so that they do not see each other's. */
  store(): MetadataStore;
  /** An empty store of its own, for a test of what looks at every row (purge lists, counts); closed after the test. */
  fresh(): Promise<MetadataStore>;
}

/** Every method of the store that the suite called itself (not one the store called on itself). */
export const reached = new Set<string>();

export interface OpenedStore {
  store: MetadataStore;
  close(): Promise<void>;
}

/** A new empty store on this run's backend, migrated by openMetadataStore as Ferry opens it. */
export async function openContractStore(): Promise<OpenedStore> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ferry-metadata-contract-'));
  const metadata = await createTestMetadata(BACKEND);
  const { config } = loadConfig({ flags: { DataDir: dataDir, MetadataBackendConfig: metadata.config, LogLevel: 'silent' } });
  const store = recorded(await openMetadataStore(config));
  return {
    store,
    close: async () => {
      // Also after a test closed it itself: a Kysely store closes once, and again is a no-op.
      await store.close();
      await metadata.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The store itself, each call noted in `reached`; calls pass through bound to the store, unchanged. */
function recorded(store: MetadataStore): MetadataStore {
  return new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof name !== 'string' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        reached.add(name);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/**
 * The names of the store's methods, its own and those of its prototype chain, wherever its composition puts them:
 * what a new method adds without a test.
 */
export function methodsOf(store: object): string[] {
  const names = new Set<string>();
  for (let holder: object | null = store; holder && holder !== Object.prototype; holder = Object.getPrototypeOf(holder) as object | null) {
    for (const name of Object.getOwnPropertyNames(holder)) {
      if (name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(holder, name)?.value === 'function') names.add(name);
    }
  }
  return [...names].sort();
}

/** A fixed instant: the tests give the store `now` themselves, so that expiry and order are theirs to choose. */
export const T0 = 1_700_000_000_000;

export function anUpload(overrides: Partial<Upload> = {}): Upload {
  return {
    id: newUploadId(),
    createdAt: T0,
    expireAt: null,
    ttl: 0,
    extendTtl: false,
    oneShot: false,
    stream: false,
    removable: true,
    login: null,
    passwordHash: null,
    comments: '',
    uploadTokenHash: randomId(64),
    userId: null,
    tokenId: null,
    remoteIp: null,
    maxDownloads: 0,
    encryption: 'none',
    keyCheck: null,
    hotlinkProtection: false,
    downloadCount: 0,
    downloadedBytes: 0,
    lastDownloadedAt: null,
    e2ee: '',
    ...overrides,
  };
}

export function aFile(upload: Pick<Upload, 'id'>, overrides: Partial<UploadFile> = {}): UploadFile {
  return {
    id: newFileId(),
    uploadId: upload.id,
    name: 'file.txt',
    type: 'text/plain',
    size: 0,
    status: 'missing',
    md5: null,
    reference: null,
    createdAt: T0,
    downloadLimit: 0,
    downloadsReserved: 0,
    downloadsCompleted: 0,
    blobHash: null,
    downloadCount: 0,
    lastDownloadedAt: null,
    ...overrides,
  };
}

export function aUser(overrides: Partial<User> = {}): User {
  const login = `user-${randomId(8)}`;
  return {
    id: `local:${login}`,
    provider: 'local',
    login,
    passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
    name: 'A User',
    email: `${login}@example.org`,
    isAdmin: false,
    maxFileSize: 0,
    maxUserSize: 0,
    maxTtl: 0,
    createdAt: T0,
    theme: '',
    language: '',
    ageRecipient: '',
    ...overrides,
  };
}

export function aToken(user: Pick<User, 'id'>, overrides: Partial<Token> = {}): Token {
  return { hash: randomId(64), prefix: randomId(8), userId: user.id, comment: '', createdAt: T0, ...overrides };
}

export function aSession(user: Pick<User, 'id'>, overrides: Partial<Session> = {}): Session {
  return { idHash: randomId(64), userId: user.id, xsrf: randomId(32), createdAt: T0, expireAt: T0 + 3_600_000, ...overrides };
}

/** An upload with these files, created in one step as the domain does. */
export async function created(
  store: MetadataStore,
  upload: Upload,
  files: Array<Partial<UploadFile>> = [],
): Promise<{ upload: Upload; files: UploadFile[] }> {
  const made = files.map((f) => aFile(upload, f));
  await store.createUpload(upload, made);
  return { upload, files: made };
}

/** How many of the answers are true. */
export const trues = (answers: unknown[]) => answers.filter((a) => a === true).length;
