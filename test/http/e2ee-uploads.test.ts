// Plik 1.4's end-to-end encrypted uploads (e2ee: "age"): the upload says so, and its files are stored and served as
// application/octet-stream whatever their name, the type the client gives, or their first bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl } from '../helpers/plik-client.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry();
});
afterAll(() => ferry.close());

/** The smallest PNG, which a plain upload types image/png from its name or its bytes. */
const PNG = new Uint8Array(Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'));

describe('an e2ee upload', () => {
  it('says e2ee: "age", and keeps and serves its files as application/octet-stream', async () => {
    const upload = await createUpload(ferry.url, { e2ee: 'age', files: [{ fileName: 'declared.png', fileType: 'image/png' }] });
    expect(upload.e2ee).toBe('age');
    expect(upload.files[0]?.fileType).toBe('application/octet-stream');

    const file = await addFile(ferry.url, upload, PNG, 'photo.png', 'image/png');
    expect(file.fileType).toBe('application/octet-stream');
    const shown = (await (await fetch(`${ferry.url}/upload/${upload.id}`)).json()) as typeof upload;
    expect(shown.e2ee).toBe('age');
    expect(shown.files.map((f) => f.fileType)).toEqual(['application/octet-stream', 'application/octet-stream']);

    const download = await fetch(fileUrl(ferry.url, upload, file));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PNG);
  });

  it('is not said of a plain upload, whose files keep their type', async () => {
    const upload = await createUpload(ferry.url, {});
    expect(upload).not.toHaveProperty('e2ee');
    expect((await addFile(ferry.url, upload, PNG, 'photo.png')).fileType).toBe('image/png');
  });

  it('refuses a scheme other than age', async () => {
    const response = await fetch(`${ferry.url}/upload`, { method: 'POST', body: JSON.stringify({ e2ee: 'pgp' }) });
    expect([response.status, await response.text()]).toEqual([400, expect.stringMatching(/^unable to deserialize request body : e2ee/)]);
  });
});

describe("FeatureE2EE (Plik 1.4's)", () => {
  const post = (on: TestFerry, body: unknown) => fetch(`${on.url}/upload`, { method: 'POST', body: JSON.stringify(body) });

  it('is announced, enabled by default; disabled refuses e2ee uploads, forced every other', async () => {
    expect(await (await fetch(`${ferry.url}/config`)).json()).toMatchObject({ feature_e2ee: 'enabled' });
    const disabled = await startTestFerry({ FeatureE2EE: 'disabled' }, { alongside: ferry });
    const forced = await startTestFerry({ FeatureE2EE: 'forced' }, { alongside: ferry });
    try {
      const refused = await post(disabled, { e2ee: 'age' });
      expect([refused.status, await refused.text()]).toEqual([400, 'end-to-end encrypted uploads are disabled\n']);
      expect((await post(disabled, {})).status).toBe(200);
      const plain = await post(forced, {});
      expect([plain.status, await plain.text()]).toEqual([400, 'uploads must be end-to-end encrypted (e2ee)\n']);
      expect((await post(forced, { e2ee: 'age' })).status).toBe(200);
      expect(await (await fetch(`${forced.url}/config`)).json()).toMatchObject({ feature_e2ee: 'forced' });
    } finally {
      await Promise.all([disabled.close(), forced.close()]);
    }
  });
});
