// Resumable uploads (tus 1.0.0) against a real Ferry: tus-js-client uploads in pieces that download byte-exact, as
// plain, server-encrypted and link-encrypted files and deduplicated with a one-request upload of the same bytes;
// the protocol's refusals (offsets, checksums, sizes, credentials, finished files); one winner among PATCHes racing.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResumableHasher } from '../../src/domain/resumable-digests.js';
import { DATA, startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { signIn } from '../helpers/session.js';
import { addFile, createUpload, fileUrl, type FileJson, type UploadJson } from '../helpers/plik-client.js';
import { hangingPatch, tusCreate, tusEndpoint, tusOffset, tusPatch, tusUpload, uploadMetadata } from '../helpers/tus-client.js';

const SERVER_KEY = Buffer.alloc(32, 7).toString('base64');

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry({ EncryptionKey: SERVER_KEY, MaxFileSize: '8MiB', TusChunkSize: '64KiB' });
});
afterAll(() => ferry?.close());

const fileOf = async (upload: UploadJson, id: string): Promise<FileJson> => {
  const listed = (await (
    await fetch(`${ferry.url}/upload/${upload.id}`, { headers: { 'X-UploadToken': upload.uploadToken! } })
  ).json()) as UploadJson;
  return listed.files.find((f) => f.id === id)!;
};
const fileIdOf = (location: string) => location.split('/').at(-1)!;
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');
const sha1 = (bytes: Uint8Array) => `sha1 ${createHash('sha1').update(bytes).digest('base64')}`;

describe('tus uploads through tus-js-client', () => {
  it('announces tus in /config and answers OPTIONS with its version, extensions and size limit', async () => {
    const config = (await (await fetch(`${ferry.url}/config`)).json()) as { tus: unknown };
    expect(config.tus).toEqual({
      enabled: true,
      path: '/tus/',
      version: '1.0.0',
      extensions: ['creation', 'creation-with-upload', 'expiration', 'checksum', 'termination'],
      maxSize: 8 * 1024 * 1024,
      chunkSize: 64 * 1024,
    });
    const options = await fetch(tusEndpoint(ferry.url), { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(
      Object.fromEntries(
        ['tus-version', 'tus-resumable', 'tus-max-size', 'tus-checksum-algorithm'].map((h) => [h, options.headers.get(h)]),
      ),
    ).toEqual({
      'tus-version': '1.0.0',
      'tus-resumable': '1.0.0',
      'tus-max-size': String(8 * 1024 * 1024),
      'tus-checksum-algorithm': 'sha1,md5,sha256',
    });
  });

  it('serves no tus route on a server where TusEnabled is off, and says so in /config', async () => {
    const off = await startTestFerry({ TusEnabled: false }, { alongside: ferry });
    try {
      expect(((await (await fetch(`${off.url}/config`)).json()) as { tus: { enabled: boolean } }).tus.enabled).toBe(false);
      expect((await fetch(tusEndpoint(off.url), { method: 'OPTIONS' })).status).toBe(404);
      const upload = await createUpload(off.url);
      await expect(tusCreate(off.url, upload, 5)).rejects.toThrow(/404/);
    } finally {
      await off.close();
    }
  });

  it('uploads a file in several pieces that downloads byte-exact, uploaded as a multipart POST makes it', async () => {
    const upload = await createUpload(ferry.url);
    const content = randomBytes(300 * 1024 + 17);
    const location = await tusUpload(ferry.url, upload, content, { name: 'pieces.bin' });
    expect(location).toMatch(new RegExp(`^${ferry.url}/tus/${upload.id}/[A-Za-z0-9]+$`));
    const file = await fileOf(upload, fileIdOf(location));
    expect(file).toMatchObject({ fileName: 'pieces.bin', status: 'uploaded', fileSize: content.length, fileMd5: md5(content) });
    expect(file).not.toHaveProperty('uploadOffset');
    const download = await fetch(fileUrl(ferry.url, upload, file));
    expect(Buffer.from(await download.arrayBuffer()).equals(content)).toBe(true);
  });
});

describe('tus uploads of encrypted files', () => {
  it('seals a server-encrypted file as its pieces come, which downloads byte-exact and deduplicates under the server key', async () => {
    const content = randomBytes(300 * 1024 + 5);
    const upload = await createUpload(ferry.url, { encryption: 'server' });
    // Pieces that end within a chunk of the format: the server keeps whole chunks, and the client sends the rest again.
    const location = await tusUpload(ferry.url, upload, content, { chunkSize: 100 * 1024 });
    const file = await fileOf(upload, fileIdOf(location));
    expect(file).toMatchObject({ status: 'uploaded', fileSize: content.length, fileMd5: '' });
    // While a server-encrypted file is built, the state of its SHA-256 is kept sealed, never as the plain bytes' own.
    const elsewhere = await createUpload(ferry.url, { encryption: 'server' });
    const building = await tusCreate(ferry.url, elsewhere, 10);
    expect((await tusPatch(building, elsewhere, 0, new Uint8Array(5))).status).toBe(204);
    expect((await ferry.metadata.findResumableFile(fileIdOf(building)))?.digestState).toEqual({ sealed: expect.any(String) });
    expect(Buffer.from(await (await fetch(fileUrl(ferry.url, upload, file))).arrayBuffer()).equals(content)).toBe(true);
    const stored = (await ferry.storedFiles()).filter((f) => f.includes(upload.id));
    expect(stored).toHaveLength(1);

    const again = await createUpload(ferry.url, { encryption: 'server' });
    const twin = await addFile(ferry.url, again, new Uint8Array(content), 'twin.bin');
    expect((await ferry.storedFiles()).filter((f) => f.includes(again.id))).toEqual([]);
    expect(Buffer.from(await (await fetch(fileUrl(ferry.url, again, twin))).arrayBuffer()).equals(content)).toBe(true);
  });

  it('seals a link-encrypted file with the key its requests carry (X-Ferry-Key), readable only with it', async () => {
    const content = randomBytes(200 * 1024 + 3);
    const upload = (await createUpload(ferry.url, { encryption: 'link' })) as UploadJson & { downloadKey: string };
    await expect(tusUpload(ferry.url, upload, content)).rejects.toThrow(/404/);
    const location = await tusUpload(ferry.url, upload, content, { headers: { 'X-Ferry-Key': upload.downloadKey } });
    const file = await fileOf(upload, fileIdOf(location));
    expect(file).toMatchObject({ status: 'uploaded', fileSize: content.length });
    const url = fileUrl(ferry.url, upload, file);
    expect((await fetch(url)).status).toBe(404);
    const download = await fetch(`${url}?key=${upload.downloadKey}`);
    expect(Buffer.from(await download.arrayBuffer()).equals(content)).toBe(true);
  });
});

describe('tus refusals', () => {
  it('refuses bytes that do not match their checksum with 460, the offset where it was; the right ones move it', async () => {
    const upload = await createUpload(ferry.url);
    const location = await tusCreate(ferry.url, upload, 200);
    const bytes = new Uint8Array(randomBytes(120));
    expect((await tusPatch(location, upload, 0, bytes, { 'Upload-Checksum': sha1(new Uint8Array(120)) })).status).toBe(460);
    expect(await tusOffset(location, upload)).toBe(0);
    const md5Checksum = `md5 ${createHash('md5').update(bytes).digest('base64')}`;
    const right = await tusPatch(location, upload, 0, bytes, { 'Upload-Checksum': md5Checksum });
    expect(right.status).toBe(204);
    expect(right.headers.get('upload-offset')).toBe('120');
    expect(await tusOffset(location, upload)).toBe(120);
    expect((await tusPatch(location, upload, 120, bytes, { 'Upload-Checksum': 'crc32 AAAA' })).status).toBe(400);
  });

  it('refuses a wrong offset (409), a length over the limit (413), bytes past the length, another type (415)', async () => {
    const upload = await createUpload(ferry.url);
    const location = await tusCreate(ferry.url, upload, 100);
    expect((await tusPatch(location, upload, 10, new Uint8Array(10))).status).toBe(409);
    expect((await tusPatch(location, upload, 0, new Uint8Array(101))).status).toBe(413);
    expect((await tusPatch(location, upload, 0, new Uint8Array(10), { 'Content-Type': 'application/json' })).status).toBe(415);
    expect(await tusOffset(location, upload)).toBe(0);
    await expect(tusCreate(ferry.url, upload, 8 * 1024 * 1024 + 1)).rejects.toThrow(/413/);
    // No deferred length where a file size limit applies.
    const deferred = await fetch(tusEndpoint(ferry.url), {
      method: 'POST',
      headers: {
        'Tus-Resumable': '1.0.0',
        'Upload-Defer-Length': '1',
        'Upload-Metadata': uploadMetadata({ upload: upload.id, filename: 'd.bin' }),
        'X-UploadToken': upload.uploadToken!,
      },
    });
    expect(deferred.status).toBe(400);
    const oldVersion = await fetch(location, {
      method: 'HEAD',
      headers: { 'Tus-Resumable': '0.2.2', 'X-UploadToken': upload.uploadToken! },
    });
    expect([oldVersion.status, oldVersion.headers.get('tus-version')]).toEqual([412, '1.0.0']);
  });

  it('refuses malformed or incomplete Upload-Metadata, and a stream-mode upload', async () => {
    const upload = await createUpload(ferry.url);
    const create = (metadata: string, target = upload) =>
      fetch(tusEndpoint(ferry.url), {
        method: 'POST',
        headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '5', 'Upload-Metadata': metadata, 'X-UploadToken': target.uploadToken! },
      });
    expect((await create('upload,filename')).status).toBe(400);
    expect((await create('upload %%%,filename eA==')).status).toBe(400);
    expect((await create(uploadMetadata({ filename: 'no upload' }))).status).toBe(400);
    expect((await create(uploadMetadata({ upload: upload.id }))).status).toBe(400);
    expect((await create(`${uploadMetadata({ upload: upload.id, filename: 'a' })},filename YQ==`)).status).toBe(400);
    const stream = await createUpload(ferry.url, { stream: true });
    expect((await create(uploadMetadata({ upload: stream.id, filename: 's.bin' }), stream)).status).toBe(400);
  });

  it('answers strangers as the file routes do: 404 without the upload, 403 without its token, and loses nothing', async () => {
    const upload = await createUpload(ferry.url);
    const location = await tusCreate(ferry.url, upload, 20);
    expect((await tusPatch(location, upload, 0, new Uint8Array(10))).status).toBe(204);
    const stranger = { uploadToken: 'not-the-token' };
    expect((await tusPatch(location, stranger, 10, new Uint8Array(10))).status).toBe(403);
    expect((await fetch(location, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } })).status).toBe(403);
    expect((await fetch(location, { method: 'DELETE', headers: { 'Tus-Resumable': '1.0.0' } })).status).toBe(403);
    const elsewhere = location.replace(upload.id, 'NoSuchUpload0000');
    expect((await tusPatch(elsewhere, upload, 10, new Uint8Array(10))).status).toBe(404);
    await expect(tusCreate(ferry.url, { ...upload, uploadToken: 'wrong' }, 5)).rejects.toThrow(/403/);
    expect(await tusOffset(location, upload)).toBe(10);
    const file = await fileOf(upload, fileIdOf(location));
    expect(file).toMatchObject({ status: 'uploading', uploadOffset: 10 });
    // Plik's routes serve no file being built.
    expect((await fetch(fileUrl(ferry.url, upload, file))).status).toBe(404);
  });

  it('refuses bytes once the file is whole, and terminates a file being built, freeing its bytes', async () => {
    const upload = await createUpload(ferry.url);
    const done = await tusCreate(ferry.url, upload, 4);
    expect((await tusPatch(done, upload, 0, new Uint8Array([1, 2, 3, 4]))).status).toBe(204);
    expect((await tusPatch(done, upload, 4, new Uint8Array([5]))).status).toBe(400);
    expect(await tusOffset(done, upload)).toBe(4);

    const stopped = await tusCreate(ferry.url, upload, 50);
    expect((await tusPatch(stopped, upload, 0, new Uint8Array(30))).status).toBe(204);
    expect((await ferry.storedFiles()).some((f) => f.includes(fileIdOf(stopped)))).toBe(true);
    const terminated = await fetch(stopped, {
      method: 'DELETE',
      headers: { 'Tus-Resumable': '1.0.0', 'X-UploadToken': upload.uploadToken! },
    });
    expect(terminated.status).toBe(204);
    expect(
      (await fetch(stopped, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', 'X-UploadToken': upload.uploadToken! } })).status,
    ).toBe(404);
    expect((await ferry.storedFiles()).some((f) => f.includes(fileIdOf(stopped)))).toBe(false);
  });

  it.skipIf(DATA !== 'file')('makes whole at the next HEAD a file whose request died between its last byte and its end', async () => {
    const upload = await createUpload(ferry.url);
    const content = new Uint8Array(randomBytes(10));
    const location = await tusCreate(ferry.url, upload, content.length);
    const fileId = fileIdOf(location);
    // What such a death leaves: all the bytes in the store (a PATCH refused for its checksum wrote them, uncounted)…
    expect((await tusPatch(location, upload, 0, content, { 'Upload-Checksum': sha1(new Uint8Array(10)) })).status).toBe(460);
    // …and the offset at the length in the metadata store, with the digest states there, the file still uploading.
    const hasher = await ResumableHasher.open(['md5', 'sha256'], null, 0, [64 * 1024]);
    hasher.update(content);
    const kept = (await ferry.metadata.findResumableFile(fileId))!;
    expect(await ferry.metadata.claimResumableFile(fileId, 0, 'dead request', Date.now(), Date.now() + 60_000)).toBe(true);
    const progress = { ...kept, offset: content.length, digestState: hasher.stateAt(content.length) };
    expect(await ferry.metadata.advanceResumableFile(fileId, 'dead request', progress, Date.now() - 1)).toBe(true);
    expect(await fileOf(upload, fileId)).toMatchObject({ status: 'uploading', uploadOffset: content.length });

    expect(await tusOffset(location, upload)).toBe(content.length);
    const file = await fileOf(upload, fileId);
    expect(file).toMatchObject({ status: 'uploaded', fileSize: content.length, fileMd5: md5(Buffer.from(content)) });
    expect(Buffer.from(await (await fetch(fileUrl(ferry.url, upload, file))).arrayBuffer()).equals(Buffer.from(content))).toBe(true);
  });

  it('lets a PATCH cut off by its client leave no claim: the next one goes on from the durable offset at once', async () => {
    const upload = await createUpload(ferry.url);
    const content = randomBytes(6 * 1024 * 1024);
    const location = await tusCreate(ferry.url, upload, content.length);
    // Past the first checkpoint (4 MiB in a folder, a part of 5 MiB in a bucket), which becomes durable.
    const cut = hangingPatch(location, upload, content, 5.5 * 1024 * 1024);
    try {
      await expect.poll(() => tusOffset(location, upload), { timeout: 10_000 }).toBeGreaterThan(0);
    } finally {
      cut.destroy();
    }
    // The server lets the claim go as soon as it sees the request end (until then a PATCH is refused with 409), and
    // the bytes past the durable offset are sent again.
    await expect
      .poll(async () => {
        const offset = await tusOffset(location, upload);
        return (await tusPatch(location, upload, offset, new Uint8Array(content.subarray(offset)))).status;
      })
      .toBe(204);
    const file = await fileOf(upload, fileIdOf(location));
    expect(file).toMatchObject({ status: 'uploaded', fileMd5: md5(content) });
  });

  it('lets exactly one of several PATCHes at one offset write, and the file ends byte-exact with its bytes', async () => {
    const upload = await createUpload(ferry.url);
    const piece = 128 * 1024;
    const location = await tusCreate(ferry.url, upload, 2 * piece);
    const contenders = Array.from({ length: 8 }, () => new Uint8Array(randomBytes(piece)));
    const answers = await Promise.all(contenders.map((bytes) => tusPatch(location, upload, 0, bytes)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 204)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(contenders.length - 1);
    const winner = Buffer.from(contenders[statuses.indexOf(204)]!);
    const rest = randomBytes(piece);
    expect((await tusPatch(location, upload, piece, new Uint8Array(rest))).status).toBe(204);
    const file = await fileOf(upload, fileIdOf(location));
    const whole = Buffer.concat([winner, rest]);
    expect(file).toMatchObject({ status: 'uploaded', fileMd5: md5(whole) });
    expect(Buffer.from(await (await fetch(fileUrl(ferry.url, upload, file))).arrayBuffer()).equals(whole)).toBe(true);
  });
});

describe('tus files as Ferry files', () => {
  it('share the stored bytes of an identical multipart file (dedup), each downloading byte-exact', async () => {
    const content = randomBytes(200 * 1024);
    const first = await createUpload(ferry.url);
    const multipart = await addFile(ferry.url, first, new Uint8Array(content), 'once.bin');
    const second = await createUpload(ferry.url);
    const location = await tusUpload(ferry.url, second, content, { name: 'twice.bin' });
    const resumed = await fileOf(second, fileIdOf(location));
    expect(resumed).toMatchObject({ status: 'uploaded', fileMd5: multipart.fileMd5 });
    // One copy of the bytes: the resumable file's own went when it joined the multipart file's blob.
    expect((await ferry.storedFiles()).filter((f) => f.includes(second.id))).toEqual([]);
    for (const [upload, file] of [
      [first, multipart],
      [second, resumed],
    ] as const) {
      expect(Buffer.from(await (await fetch(fileUrl(ferry.url, upload, file))).arrayBuffer()).equals(content)).toBe(true);
    }
  });

  it('are removed with their bytes by the cleanup once abandoned for TusUploadExpiry, or once their upload is deleted', async () => {
    const upload = await createUpload(ferry.url);
    const abandoned = await tusCreate(ferry.url, upload, 100);
    expect((await tusPatch(abandoned, upload, 0, new Uint8Array(40))).status).toBe(204);
    const other = await createUpload(ferry.url);
    const orphaned = await tusCreate(ferry.url, other, 100);
    expect((await tusPatch(orphaned, other, 0, new Uint8Array(40))).status).toBe(204);
    // A link-encrypted one too: the cleanup frees it without the link's secret, which it never has.
    const link = (await createUpload(ferry.url, { encryption: 'link' })) as UploadJson & { downloadKey: string };
    const key = { 'X-Ferry-Key': link.downloadKey };
    const sealed = await tusCreate(ferry.url, link, 200_000, key);
    expect((await tusPatch(sealed, link, 0, new Uint8Array(100_000), key)).status).toBe(204);
    const ids = [upload.id, other.id, link.id];
    const held = () => ferry.storedFiles().then((files) => files.filter((f) => ids.some((id) => f.includes(id))));
    expect(await held()).toHaveLength(3);

    await fetch(`${ferry.url}/upload/${other.id}`, { method: 'DELETE', headers: { 'X-UploadToken': other.uploadToken! } });
    await ferry.cleanup.run();
    expect(await held()).toHaveLength(2);
    expect(await tusOffset(abandoned, upload)).toBe(40);

    // A day later (the default expiry) the file being built is gone, its upload still there.
    await ferry.cleanup.run(Date.now() + 24 * 3600_000 + 1000);
    expect(await held()).toEqual([]);
    expect(
      (await fetch(abandoned, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', 'X-UploadToken': upload.uploadToken! } })).status,
    ).toBe(404);
    expect(await fileOf(upload, fileIdOf(abandoned))).toMatchObject({ status: 'deleted' });
  });

  it('take their first bytes with the creation and a length told later where no size limit applies', async () => {
    const unlimited = await startTestFerry({ MaxFileSize: -1 }, { alongside: ferry });
    try {
      const upload = await createUpload(unlimited.url);
      const content = randomBytes(150 * 1024);
      const location = await tusUpload(unlimited.url, upload, content, { uploadDataDuringCreation: true, uploadLengthDeferred: true });
      const file = await fileOf(upload, fileIdOf(location));
      expect(file).toMatchObject({ status: 'uploaded', fileSize: content.length, fileMd5: md5(content) });
      const empty = await tusUpload(unlimited.url, upload, Buffer.alloc(0), { uploadDataDuringCreation: true, name: 'empty.txt' });
      expect(await fileOf(upload, fileIdOf(empty))).toMatchObject({ status: 'uploaded', fileSize: 0, fileName: 'empty.txt' });
      const options = await fetch(tusEndpoint(unlimited.url), { method: 'OPTIONS' });
      expect(options.headers.get('tus-extension')).toContain('creation-defer-length');
      expect(options.headers.get('tus-max-size')).toBeNull();
    } finally {
      await unlimited.close();
    }
  });
});

describe("tus files and their owner's quota and tokens", () => {
  it('reserve their whole length at the creation: what does not fit is refused (413) before any byte', async () => {
    const quota = await startTestFerry({ FeatureAuthentication: 'enabled' });
    try {
      await quota.services.users.create({ provider: 'local', login: 'gina', password: 'gina-password', maxUserSize: 1000 });
      const gina = await signIn(quota.url, 'gina', 'gina-password');
      const first = await createUpload(quota.url, {}, gina.write);
      const location = await tusCreate(quota.url, first, 600);
      const second = await createUpload(quota.url, {}, gina.write);
      await expect(tusCreate(quota.url, second, 500)).rejects.toThrow(/413/);
      expect((await tusPatch(location, first, 0, new Uint8Array(600))).status).toBe(204);
      await expect(tusCreate(quota.url, second, 401)).rejects.toThrow(/413/);
      const last = await tusCreate(quota.url, second, 400);
      expect((await tusPatch(last, second, 0, new Uint8Array(400))).status).toBe(204);

      // A user token (X-PlikToken) administers the uploads made with it: their resumable files too, with no upload token.
      const hugo = await quota.services.users.create({ provider: 'local', login: 'hugo', password: 'hugo-password' });
      const { value: token } = await quota.services.tokens.create(hugo);
      const byToken = await createUpload(quota.url, {}, { 'X-PlikToken': token });
      const noUploadToken = { id: byToken.id, uploadToken: '' };
      await expect(tusCreate(quota.url, noUploadToken, 0)).rejects.toThrow(/403/);
      // An empty file is whole at its creation.
      const empty = await tusCreate(quota.url, noUploadToken, 0, { 'X-PlikToken': token });
      const listed = (await (await fetch(`${quota.url}/upload/${byToken.id}`, { headers: { 'X-PlikToken': token } })).json()) as UploadJson;
      expect(listed.files.find((f) => f.id === fileIdOf(empty))).toMatchObject({ status: 'uploaded', fileSize: 0 });
    } finally {
      await quota.close();
    }
  });
});
