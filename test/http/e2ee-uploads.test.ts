// Plik 1.4's end-to-end encrypted uploads (e2ee: "age"): the upload says so, and its files are stored and served as
// application/octet-stream whatever their name or the type the client gives. What would break the promise that
// the server never has plaintext is refused: files that are not age files (Plik 1.4's #791), server-side zips,
// hotlinks, deduplication.
import { Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl, multipartFile, type UploadJson } from '../helpers/plik-client.js';
import { tusCreate, tusOffset, tusPatch } from '../helpers/tus-client.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry();
});
afterAll(() => ferry.close());

/** The smallest PNG, which a plain upload types image/png from its name or its bytes. */
const PNG = new Uint8Array(Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'));

/** `plain` as an age file, as a client encrypts it. */
async function ageFile(plain: Uint8Array | string): Promise<Uint8Array<ArrayBuffer>> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(await identityToRecipient(await generateX25519Identity()));
  return new Uint8Array(await encrypter.encrypt(plain));
}

describe('an e2ee upload', () => {
  it('says e2ee: "age", and keeps and serves its files as application/octet-stream', async () => {
    const upload = await createUpload(ferry.url, { e2ee: 'age', files: [{ fileName: 'declared.png', fileType: 'image/png' }] });
    expect(upload.e2ee).toBe('age');
    expect(upload.files[0]?.fileType).toBe('application/octet-stream');

    const encrypted = await ageFile(PNG);
    const file = await addFile(ferry.url, upload, encrypted, 'photo.png', 'image/png');
    expect(file.fileType).toBe('application/octet-stream');
    const shown = (await (await fetch(`${ferry.url}/upload/${upload.id}`)).json()) as typeof upload;
    expect(shown.e2ee).toBe('age');
    expect(shown.files.map((f) => f.fileType)).toEqual(['application/octet-stream', 'application/octet-stream']);

    const download = await fetch(fileUrl(ferry.url, upload, file));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(encrypted);
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

describe('what would break the promise of an e2ee upload', () => {
  const e2eeUpload = () => createUpload(ferry.url, { e2ee: 'age' });
  const post = (upload: UploadJson, form: FormData) =>
    fetch(`${ferry.url}/file/${upload.id}`, { method: 'POST', headers: { 'X-UploadToken': upload.uploadToken ?? '' }, body: form });

  it('refuses a file added later that is not an age file, binary or armored, and keeps nothing of it', async () => {
    const upload = await e2eeUpload();
    const refused = await post(upload, multipartFile('plain secrets, not encrypted', 'notes.txt'));
    expect([refused.status, await refused.text()]).toEqual([400, expect.stringMatching(/must be encrypted with age by the client/)]);
    // Nor is a file that starts like the armor's first line and stops short, or an empty one.
    expect((await post(upload, multipartFile('-----BEGIN AGE', 'short.txt'))).status).toBe(400);
    expect((await post(upload, multipartFile('', 'empty.txt'))).status).toBe(400);
    expect((await post(upload, multipartFile('-----BEGIN PGP MESSAGE-----\nxyz', 'pgp.asc'))).status).toBe(400);

    const armored = `-----BEGIN AGE ENCRYPTED FILE-----\n${Buffer.from(await ageFile('hi')).toString('base64')}\n-----END AGE ENCRYPTED FILE-----\n`;
    expect((await post(upload, multipartFile(armored, 'armored.age'))).status).toBe(200);
    expect((await post(upload, multipartFile(await ageFile('hello'), 'binary.age'))).status).toBe(200);
    const shown = (await (await fetch(`${ferry.url}/upload/${upload.id}`)).json()) as UploadJson;
    expect(shown.files.map((f) => [f.fileName, f.status])).toEqual(
      expect.arrayContaining([
        ['armored.age', 'uploaded'],
        ['binary.age', 'uploaded'],
      ]),
    );
    expect(shown.files.some((f) => f.fileName === 'notes.txt' && f.status === 'uploaded')).toBe(false);
  });

  it('refuses plaintext through tus too, from its first bytes, and takes an age file in pieces', async () => {
    const upload = await e2eeUpload();
    const plain = Buffer.from('x'.repeat(1000));
    const refusedAt = await tusCreate(ferry.url, upload, plain.length);
    const refused = await tusPatch(refusedAt, upload, 0, new Uint8Array(plain));
    expect([refused.status, await refused.text()]).toEqual([400, expect.stringMatching(/must be encrypted with age by the client/)]);
    expect(await tusOffset(refusedAt, upload)).toBe(0);

    const encrypted = await ageFile('y'.repeat(100_000));
    const location = await tusCreate(ferry.url, upload, encrypted.length);
    // The first piece holds less than the longest start checked: what is there must agree with it.
    expect((await tusPatch(location, upload, 0, encrypted.slice(0, 10))).status).toBe(204);
    expect((await tusPatch(location, upload, 10, encrypted.slice(10))).status).toBe(204);
    const fileId = location.split('/').pop()!;
    const download = await fetch(`${ferry.url}/file/${upload.id}/${fileId}/data.bin`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(encrypted);
  });

  it('has no server-side zip: the page that decrypts zips', async () => {
    const upload = await e2eeUpload();
    await addFile(ferry.url, upload, await ageFile('a'), 'a.age');
    await addFile(ferry.url, upload, await ageFile('b'), 'b.age');
    for (const method of ['GET', 'HEAD']) {
      const zip = await fetch(`${ferry.url}/archive/${upload.id}/all.zip`, { method });
      expect(zip.status).toBe(400);
      if (method === 'GET') expect(await zip.text()).toMatch(/not available for end-to-end encrypted uploads/);
    }
  });

  it('has no hotlinks, by any of their forms', async () => {
    const upload = await e2eeUpload();
    const file = await addFile(ferry.url, upload, await ageFile('embedded?'), 'picture.png');
    for (const path of [`/hotlink/${file.id}/picture.png`, `/hotlink/${file.id}.png`, `/h/${file.id}.png`]) {
      expect((await fetch(`${ferry.url}${path}`)).status, path).toBe(404);
    }
    // The same bytes in a plain upload can be hotlinked: the refusal is the e2ee's.
    const plain = await createUpload(ferry.url, {});
    const shared = await addFile(ferry.url, plain, await ageFile('embedded?'), 'picture.png');
    expect((await fetch(`${ferry.url}/hotlink/${shared.id}/picture.png`)).status).toBe(200);
  });

  it('is never deduplicated, not even with the same ciphertext twice', async () => {
    const written: string[] = [];
    const logged = await startTestFerry(
      { LogLevel: 'info' },
      { alongside: ferry, logStream: { write: (line: string) => void written.push(line) } },
    );
    try {
      const encrypted = await ageFile('the same bytes');
      const uploaded = async (body: object) => {
        const upload = await createUpload(logged.url, body);
        await addFile(logged.url, upload, encrypted, 'same.age');
        await addFile(logged.url, upload, encrypted, 'same-again.age');
        return upload.id;
      };
      const [e2ee, plain] = [await uploaded({ e2ee: 'age' }), await uploaded({})];
      const deduplicated = (uploadId: string) =>
        written
          .map((line) => JSON.parse(line) as { event?: string; uploadId?: string; deduplicated?: boolean })
          .filter((line) => line.event === 'file.uploaded' && line.uploadId === uploadId)
          .map((line) => line.deduplicated);
      expect(deduplicated(e2ee)).toEqual([false, false]);
      // The plain upload's second file joins the first's bytes (and the e2ee files', were they kept as blobs).
      expect(deduplicated(plain)).toEqual([false, true]);
    } finally {
      await logged.close();
    }
  });
});

describe("an e2ee file's age header (GET /age-header/…)", () => {
  const headerOf = (upload: UploadJson, file: { id: string; fileName: string }) =>
    fetch(`${ferry.url}/age-header/${upload.id}/${file.id}/${file.fileName}`);

  it('is the bytes up to the payload nonce, no chunk of the payload, and takes no download of a one-shot file', async () => {
    const upload = await createUpload(ferry.url, { e2ee: 'age', oneShot: true });
    const encrypted = await ageFile('z'.repeat(200_000));
    const file = await addFile(ferry.url, upload, encrypted, 'once.age');
    const mac = Buffer.from(encrypted).indexOf('\n--- ');
    const nonceEnd = Buffer.from(encrypted).indexOf('\n', mac + 1) + 1 + 16;
    for (let i = 0; i < 3; i++) {
      const header = await headerOf(upload, file);
      expect([header.status, header.headers.get('content-type')]).toEqual([200, 'application/octet-stream']);
      expect(new Uint8Array(await header.arrayBuffer())).toEqual(encrypted.slice(0, nonceEnd));
    }
    // The one download is still there, and then gone, header and all.
    const download = await fetch(fileUrl(ferry.url, upload, file));
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(encrypted);
    expect((await fetch(fileUrl(ferry.url, upload, file))).status).toBe(404);
    expect((await headerOf(upload, file)).status).toBe(404);
  });

  it('is refused for a plain upload (400), an armored file (415), an unknown file (404), with a JSON error', async () => {
    const plain = await createUpload(ferry.url, {});
    const plainFile = await addFile(ferry.url, plain, await ageFile('not e2ee'), 'plain.age');
    const refused = await headerOf(plain, plainFile);
    expect([refused.status, await refused.json()]).toEqual([
      400,
      { status: 400, message: expect.stringMatching(/end-to-end encrypted upload/) },
    ]);

    const upload = await createUpload(ferry.url, { e2ee: 'age' });
    const armored = `-----BEGIN AGE ENCRYPTED FILE-----\n${Buffer.from(await ageFile('hi')).toString('base64')}\n-----END AGE ENCRYPTED FILE-----\n`;
    const armoredFile = await addFile(ferry.url, upload, armored, 'armored.age');
    const unsupported = await headerOf(upload, armoredFile);
    expect([unsupported.status, await unsupported.json()]).toEqual([
      415,
      { status: 415, message: expect.stringMatching(/no binary age header/) },
    ]);
    expect((await headerOf(upload, { id: 'nope', fileName: 'x.age' })).status).toBe(404);
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
