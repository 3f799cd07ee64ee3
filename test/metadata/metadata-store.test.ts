// The MetadataStore contract, entity by entity (store-contract/*), called directly on a store of this run's backend
// (SQLite, PostgreSQL or MySQL): what each method returns and changes, as store.ts says, and the races it decides.
// The last test fails when a method of the store is reached by none of them, or belongs to no entity.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MetadataStore } from '../../src/metadata/store.js';
import { BACKEND } from '../helpers/backends.js';
import { ACTIVITY_METHODS, activityContract } from './store-contract/activity.js';
import { BLOB_METHODS, blobsContract } from './store-contract/blobs.js';
import { methodsOf, openContractStore, reached, type ContractContext, type OpenedStore } from './store-contract/context.js';
import { DOWNLOAD_METHODS, downloadsContract } from './store-contract/downloads.js';
import { FILE_METHODS, filesContract } from './store-contract/files.js';
import { LEASE_METHODS, leasesContract } from './store-contract/leases.js';
import { PURGE_METHODS, purgeContract } from './store-contract/purge.js';
import { QUOTA_METHODS, quotaContract } from './store-contract/quota.js';
import { SESSION_METHODS, sessionsContract } from './store-contract/sessions.js';
import { TOKEN_METHODS, tokensContract } from './store-contract/tokens.js';
import { UPLOAD_METHODS, uploadsContract } from './store-contract/uploads.js';
import { USER_METHODS, usersContract } from './store-contract/users.js';

/** Each entity's methods: the interfaces a split of MetadataStore would give, one module of the suite each. */
const ENTITIES = {
  uploads: UPLOAD_METHODS,
  files: FILE_METHODS,
  blobs: BLOB_METHODS,
  downloads: DOWNLOAD_METHODS,
  quota: QUOTA_METHODS,
  purge: PURGE_METHODS,
  leases: LEASE_METHODS,
  users: USER_METHODS,
  tokens: TOKEN_METHODS,
  sessions: SESSION_METHODS,
  activity: ACTIVITY_METHODS,
  store: ['close'],
} as const satisfies Record<string, readonly (keyof MetadataStore)[]>;

// A method added to the interface and listed under no entity does not compile.
type Unlisted = Exclude<keyof MetadataStore, (typeof ENTITIES)[keyof typeof ENTITIES][number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;

let shared: OpenedStore;
const freshOnes: OpenedStore[] = [];
beforeAll(async () => {
  shared = await openContractStore();
});
afterEach(async () => {
  await Promise.all(freshOnes.splice(0).map((opened) => opened.close()));
});
afterAll(() => shared?.close());

const ctx: ContractContext = {
  store: () => shared.store,
  fresh: async () => {
    const opened = await openContractStore();
    freshOnes.push(opened);
    return opened.store;
  },
};

describe(`the MetadataStore contract on ${BACKEND}`, () => {
  uploadsContract(ctx);
  filesContract(ctx);
  blobsContract(ctx);
  downloadsContract(ctx);
  quotaContract(ctx);
  purgeContract(ctx);
  leasesContract(ctx);
  usersContract(ctx);
  tokensContract(ctx);
  sessionsContract(ctx);
  activityContract(ctx);

  it('lets go of its connections on close: nothing is answered after', async () => {
    const s = await ctx.fresh();
    await s.countUsers();
    await s.close();
    await expect(s.countUsers()).rejects.toThrow();
  });

  it('reaches every method of the store, each listed under one entity', () => {
    expect(everyMethodListed).toBe(true);
    const methods = methodsOf(shared.store);
    const listed: string[] = Object.values(ENTITIES).flat();
    expect([...listed].sort()).toEqual(methods);
    expect(new Set(listed).size).toBe(listed.length);
    expect(methods.filter((name) => !reached.has(name))).toEqual([]);
  });
});
