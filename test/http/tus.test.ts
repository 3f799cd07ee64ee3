// Resumable uploads (tus 1.0.0) against a real Ferry: tus-js-client uploads in pieces that download byte-exact, as
// plain, server-encrypted and link-encrypted files and deduplicated with a one-request upload of the same bytes;
// the protocol's refusals (offsets, checksums, sizes, credentials, finished files); one winner among PATCHes racing.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl, type FileJson, type UploadJson } from '../helpers/plik-client.js';
import { tusCreate, tusEndpoint, tusOffset, tusPatch, tusUpload, uploadMetadata } from '../helpers/tus-client.js';

const SERVER_KEY = Buffer.alloc(32, 7).toString('base64');

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry({ EncryptionKey: SERVER_KEY, MaxFileSize: '1MiB', TusChunkSize: '64KiB' });
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

describe('tus uploads through tus-js-client', () => {
  it('announces tus in /config and answers OPTIONS with its version, extensions and size limit', async () => {
    const config = (await (await fetch(`${ferry.url}/config`)).json()) as { tus: unknown };
    expect(config.tus).toEqual({
      enabled: true,
      path: '/tus/',
      version: '1.0.0',
      extensions: ['creation', 'creation-with-upload', 'expiration', 'checksum', 'termination'],
      maxSize: 1024 * 1024,
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
      'tus-max-size': String(1024 * 1024),
      'tus-checksum-algorithm': 'sha1,md5,sha256',
    });
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
