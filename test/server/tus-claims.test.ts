// The claim a PATCH holds on a file being built, over a real Ferry's stores with a claim of a fraction of a second:
// renewed while its bytes stream however long they take, so that no other request writes the file meanwhile, and
// let go at the end.
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataStore } from '../../src/data/open.js';
import { ResumableFileService } from '../../src/domain/resumable-files.js';
import { uploadRules } from '../../src/server.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { createUpload } from '../helpers/plik-client.js';

const CLAIM_MS = 300;

let ferry: TestFerry;
let service: ResumableFileService;
beforeAll(async () => {
  ferry = await startTestFerry();
  const { config } = ferry.services;
  service = new ResumableFileService(ferry.metadata, await openDataStore(config), ferry.services.files, uploadRules(config), {
    expiryMs: 60_000,
    claimMs: CLAIM_MS,
  });
});
afterAll(() => ferry?.close());

describe('the claim of a PATCH', () => {
  it('is renewed while slow bytes stream for longer than it lasts, refusing another writer until the file is whole', async () => {
    const upload = await createUpload(ferry.url);
    const access = await ferry.services.uploads.open(upload.id, { requester: { remoteIp: null }, uploadToken: upload.uploadToken });
    const { file } = await service.create(access, { name: 'slow.bin', length: 20 });
    const slow = Readable.from(
      (async function* () {
        yield Buffer.alloc(10, 1);
        // Over three claim periods without a byte.
        await sleep(3.5 * CLAIM_MS);
        yield Buffer.alloc(10, 2);
      })(),
    );
    const writing = service.append(access, file.id, { offset: 0, body: slow });
    await sleep(2 * CLAIM_MS);
    await expect(service.append(access, file.id, { offset: 0, body: Readable.from([Buffer.alloc(20)]) })).rejects.toMatchObject({
      kind: 'conflict',
    });
    expect(await writing).toMatchObject({ offset: 20, file: { status: 'uploaded', size: 20 } });
  });
});
