// Bytes of quota reserved by an upload whose instance died come back: at the sweep, once untouched for the grace
// period, and never while the upload still reserves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEFTOVER_GRACE_MS } from '../../src/jobs/cleanup.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { createUpload, multipartFile } from '../helpers/plik-client.js';
import { signIn } from '../helpers/session.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled', CleanupInterval: 3600 });
  await ferry.services.users.create({ provider: 'local', login: 'gina', password: 'gina-password', maxUserSize: 1000 });
});
afterAll(() => ferry.close());

describe('a quota reservation left by a dead instance', () => {
  it('holds the quota until a sweep finds it untouched for the grace period', async () => {
    const gina = await signIn(ferry.url, 'gina', 'gina-password');
    const userId = (await ferry.metadata.findUser('local:gina'))!.id;
    // What a crash mid-upload leaves: a file uploading, with 900 bytes reserved, a day and a minute ago.
    const cut = await createUpload(ferry.url, { files: [{ fileName: 'cut.bin' }] }, gina.write);
    const file = { uploadId: cut.id, fileId: cut.files[0]!.id };
    expect(await ferry.metadata.transitionFile(file.fileId, ['missing'], 'uploading')).toBe(true);
    expect(await ferry.metadata.reserveBytes(file, userId, 900, 1000, Date.now() - LEFTOVER_GRACE_MS - 60_000)).toBe(true);

    const upload = await createUpload(ferry.url, {}, gina.write);
    const send = () =>
      fetch(`${ferry.url}/file/${upload.id}`, {
        method: 'POST',
        headers: { 'X-UploadToken': upload.uploadToken! },
        body: multipartFile('x'.repeat(500), 'f.bin'),
      });
    expect((await send()).status).toBe(413);
    await ferry.cleanup.run(Date.now() - 120_000);
    expect((await send()).status, 'a sweep within the grace period').toBe(413);
    await ferry.cleanup.run();
    const response = await send();
    expect(response.status, await response.clone().text()).toBe(200);
  });
});
