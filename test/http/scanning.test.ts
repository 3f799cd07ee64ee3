// Virus scanning with a real clamd (test/helpers/clamd.ts): EICAR refused on every upload path (Plik's multipart
// POST /file, the quick POST /, Gokapi's API, tus, stream mode), on the files folder and in an S3 bucket; clean files
// pass; quarantine keeps an infected file but never serves it; a clamd that is down refuses (fail closed) or, when
// told to, accepts unscanned; an end-to-end encrypted file is not scanned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGE_SHAPED_EICAR, clamdInstalled, EICAR, EICAR_SIGNATURE, startClamd, type TestClamd } from '../helpers/clamd.js';
import { createTestStorage, startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload, fileUrl, multipartFile, type UploadJson } from '../helpers/plik-client.js';
import { tusCreate, tusPatch } from '../helpers/tus-client.js';

const CLEAN = 'a perfectly harmless text file\n';
const infectedMessage = (name: string) => `file ${name} is infected (${EICAR_SIGNATURE}): refused\n`;

const token = (upload: UploadJson) => ({ 'X-UploadToken': upload.uploadToken! });

async function sendFile(ferry: TestFerry, upload: UploadJson, content: string, name: string): Promise<Response> {
  return fetch(`${ferry.url}/file/${upload.id}`, { method: 'POST', headers: token(upload), body: multipartFile(content, name) });
}

async function filesOf(ferry: TestFerry, upload: UploadJson): Promise<UploadJson['files']> {
  return ((await (await fetch(`${ferry.url}/upload/${upload.id}`, { headers: token(upload) })).json()) as UploadJson).files;
}

/** Whether any stored bytes (files folder or bucket) belong to this upload. */
async function storesAnythingOf(ferry: TestFerry, uploadId: string): Promise<boolean> {
  return (await ferry.storedFiles()).some((file) => file.includes(uploadId));
}

describe.runIf(clamdInstalled())('virus scanning with clamd', () => {
  let clamd: TestClamd;
  let ferry: TestFerry;
  let apiKey: string;
  beforeAll(async () => {
    clamd = await startClamd({ streamMaxLength: '1M' });
    ferry = await startTestFerry({ ClamdAddress: clamd.address, FeatureAuthentication: 'enabled', Deduplication: true });
    const alice = await ferry.services.users.create({ provider: 'local', login: 'alice', password: 'alice-password' });
    apiKey = (await ferry.services.tokens.create(alice, 'ci')).value;
  });
  afterAll(async () => {
    await ferry?.close();
    await clamd?.stop();
  });

  it('says so in GET /config', async () => {
    const config = (await (await fetch(`${ferry.url}/config`)).json()) as { clamd: unknown };
    expect(config.clamd).toEqual({ enabled: true, infected: 'refuse' });
  });

  it('refuses EICAR sent to POST /file: 422, no bytes kept, the file not uploaded; a clean file passes', async () => {
    const upload = await createUpload(ferry.url);
    const refused = await sendFile(ferry, upload, EICAR, 'eicar.com');
    expect([refused.status, await refused.text()]).toEqual([422, infectedMessage('eicar.com')]);
    const [file] = await filesOf(ferry, upload);
    expect(file).toMatchObject({ fileName: 'eicar.com', status: 'missing', fileSize: 0 });
    expect(await storesAnythingOf(ferry, upload.id)).toBe(false);
    expect((await fetch(fileUrl(ferry.url, upload, file!))).status).toBe(404);

    const clean = await addFile(ferry.url, upload, CLEAN, 'notes.txt');
    expect(clean.status).toBe('uploaded');
    expect(await (await fetch(fileUrl(ferry.url, upload, clean))).text()).toBe(CLEAN);
  });

  it('refuses EICAR in a file declared beforehand (POST /file/:id/:fileId/:name), which may be sent again clean', async () => {
    const upload = await createUpload(ferry.url, { files: [{ fileName: 'declared.txt' }] });
    const declared = upload.files[0]!;
    const url = fileUrl(ferry.url, upload, declared);
    const refused = await fetch(url, { method: 'POST', headers: token(upload), body: multipartFile(EICAR, 'declared.txt') });
    expect([refused.status, await refused.text()]).toEqual([422, infectedMessage('declared.txt')]);
    const again = await fetch(url, { method: 'POST', headers: token(upload), body: multipartFile(CLEAN, 'declared.txt') });
    expect(again.status).toBe(200);
    expect(await (await fetch(url)).text()).toBe(CLEAN);
  });

  it('refuses EICAR on the quick POST /, leaving no upload behind', async () => {
    const before = await ferry.storedFiles();
    const refused = await fetch(`${ferry.url}/`, { method: 'POST', body: multipartFile(EICAR, 'eicar.txt') });
    expect([refused.status, await refused.text()]).toEqual([422, infectedMessage('eicar.txt')]);
    expect(await ferry.storedFiles()).toEqual(before);
    const clean = await fetch(`${ferry.url}/`, { method: 'POST', body: multipartFile(CLEAN, 'clean.txt') });
    expect(await (await fetch((await clean.text()).trim())).text()).toBe(CLEAN);
  });

  it("refuses EICAR on Gokapi's POST /api/files/add, in JSON", async () => {
    const form = new FormData();
    form.append('file', new Blob([EICAR]), 'eicar.bin');
    const refused = await fetch(`${ferry.url}/api/files/add`, { method: 'POST', headers: { apikey: apiKey }, body: form });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await refused.json())).toContain(`file eicar.bin is infected (${EICAR_SIGNATURE}): refused`);
    const list = (await (await fetch(`${ferry.url}/api/files/list`, { headers: { apikey: apiKey } })).json()) as unknown[];
    expect(list).toEqual([]);
  });

  it('refuses EICAR sent over tus, scanned once whole: the file and its bytes go', async () => {
    const upload = await createUpload(ferry.url);
    const location = await tusCreate(ferry.url, upload, EICAR.length);
    const bytes = new Uint8Array(Buffer.from(EICAR));
    // In two requests: the scanner sees the file whole, never one request's bytes.
    expect((await tusPatch(location, upload, 0, bytes.slice(0, 30))).status).toBe(204);
    const refused = await tusPatch(location, upload, 30, bytes.slice(30));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain(`is infected (${EICAR_SIGNATURE}): refused`);
    expect((await fetch(location, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', ...token(upload) } })).status).toBe(404);
    expect(await filesOf(ferry, upload)).toMatchObject([{ status: 'deleted' }]);
    expect(await storesAnythingOf(ferry, upload.id)).toBe(false);

    const cleanAt = await tusCreate(ferry.url, upload, CLEAN.length);
    expect((await tusPatch(cleanAt, upload, 0, new Uint8Array(Buffer.from(CLEAN)))).status).toBe(204);
    expect((await filesOf(ferry, upload)).map((f) => f.status)).toEqual(['deleted', 'uploaded']);
  });

  it('cuts a stream-mode download of EICAR short: the downloader never gets its end, the uploader is refused', async () => {
    const upload = await createUpload(ferry.url, { stream: true, files: [{ fileName: 'eicar.txt' }] });
    const url = fileUrl(ferry.url, upload, upload.files[0]!, 'stream');
    const uploading = fetch(url, { method: 'POST', headers: token(upload), body: multipartFile(EICAR, 'eicar.txt') });
    await expect.poll(async () => (await fetch(url, { method: 'HEAD' })).status).toBe(200);
    const download = await fetch(url);
    const received = await download.text().then(
      (text) => text,
      () => 'cut off',
    );
    expect(received).not.toBe(EICAR);
    const uploader = await uploading;
    expect([uploader.status, await uploader.text()]).toEqual([422, infectedMessage('eicar.txt')]);
  });

  it("refuses a file larger than clamd's StreamMaxLength, saying why", async () => {
    const upload = await createUpload(ferry.url);
    const refused = await sendFile(ferry, upload, 'x'.repeat(2 * 1024 * 1024), 'big.txt');
    expect([refused.status, await refused.text()]).toEqual([
      413,
      'file big.txt is larger than the virus scanner takes: refused unscanned\n',
    ]);
  });

  it('does not scan an end-to-end encrypted file: the server holds only ciphertext', async () => {
    // These bytes start as an age file (all an e2ee upload takes) and are infected for the test's clamd: refused
    // where they are scanned, taken unread in an e2ee upload, whose bytes are ciphertext no scan can read.
    const plain = await createUpload(ferry.url);
    const scanned = await sendFile(ferry, plain, AGE_SHAPED_EICAR, 'sealed.age');
    expect([scanned.status, await scanned.text()]).toEqual([422, infectedMessage('sealed.age')]);
    const upload = await createUpload(ferry.url, { e2ee: 'age' });
    expect((await addFile(ferry.url, upload, AGE_SHAPED_EICAR, 'sealed.age')).status).toBe('uploaded');
  });
});

describe.runIf(clamdInstalled())('virus scanning: quarantine, a clamd down, an S3 bucket', () => {
  let clamd: TestClamd;
  beforeAll(async () => {
    clamd = await startClamd();
  });
  afterAll(() => clamd?.stop());

  it('keeps an infected file in quarantine (ClamdInfected = "quarantine"): listed as such, never served', async () => {
    const ferry = await startTestFerry({ ClamdAddress: clamd.address, ClamdInfected: 'quarantine' });
    try {
      const upload = await createUpload(ferry.url);
      const kept = await sendFile(ferry, upload, EICAR, 'eicar.txt');
      expect([kept.status, await kept.text()]).toEqual([
        422,
        `file eicar.txt is infected (${EICAR_SIGNATURE}): kept in quarantine for the server's admins, and never served\n`,
      ]);
      const [file] = await filesOf(ferry, upload);
      expect(file).toMatchObject({ status: 'quarantined', fileSize: EICAR.length });
      expect(await storesAnythingOf(ferry, upload.id)).toBe(true);
      expect((await fetch(fileUrl(ferry.url, upload, file!))).status).toBe(404);
      expect((await fetch(`${ferry.url}/archive/${upload.id}/all.zip`)).status).not.toBe(200);

      // The quick upload's upload stays with its file in quarantine, for the admins to see.
      const quick = await fetch(`${ferry.url}/`, { method: 'POST', body: multipartFile(EICAR, 'quick.txt') });
      expect(quick.status).toBe(422);
      const stored = (await ferry.storedFiles()).filter((name) => name.startsWith('files/'));
      expect(stored).toHaveLength(2);
    } finally {
      await ferry.close();
    }
  });

  it('refuses every file while clamd is down (fail closed), or takes them unscanned with ClamdOnError = "accept"', async () => {
    const down = '/nonexistent/clamd.sock';
    const lines: string[] = [];
    const closed = await startTestFerry(
      { ClamdAddress: down, LogLevel: 'info' },
      { logStream: { write: (line) => void lines.push(line) } },
    );
    const open = await startTestFerry({ ClamdAddress: down, ClamdOnError: 'accept' });
    try {
      // Said at start, before any upload finds it out.
      await expect
        .poll(() =>
          lines.map((line) => JSON.parse(line) as { level: number; msg: string }).find((line) => line.msg.startsWith('virus scanning')),
        )
        .toMatchObject({
          level: 40,
          msg: `virus scanning with clamd at ${down} (infected files: refuse, on error: refuse): clamd does not answer now, uploads are refused until it does`,
        });
      const refused = await sendFile(closed, await createUpload(closed.url), CLEAN, 'notes.txt');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('30');
      expect(await refused.text()).toBe('the virus scanner is unavailable: file notes.txt was refused unscanned, try again later\n');
      expect(await addFile(open.url, await createUpload(open.url), CLEAN, 'notes.txt')).toMatchObject({ status: 'uploaded' });
    } finally {
      await Promise.all([closed.close(), open.close()]);
    }
  });

  it('refuses a tus file whole while clamd does not answer: it goes, and comes again once clamd is back', async () => {
    const ferry = await startTestFerry({ ClamdAddress: clamd.address, ClamdTimeout: 1 });
    try {
      const upload = await createUpload(ferry.url);
      const location = await tusCreate(ferry.url, upload, CLEAN.length);
      const bytes = new Uint8Array(Buffer.from(CLEAN));
      clamd.pause();
      let patched: Response;
      try {
        patched = await tusPatch(location, upload, 0, bytes);
      } finally {
        clamd.resume();
      }
      expect([patched.status, await patched.text()]).toEqual([
        503,
        'the virus scanner is unavailable: file data.bin was refused unscanned, try again later\n',
      ]);
      expect((await fetch(location, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', ...token(upload) } })).status).toBe(404);
      expect(await storesAnythingOf(ferry, upload.id)).toBe(false);
      const again = await tusCreate(ferry.url, upload, CLEAN.length);
      expect((await tusPatch(again, upload, 0, bytes)).status).toBe(204);
      expect((await filesOf(ferry, upload)).map((f) => f.status)).toEqual(['deleted', 'uploaded']);
    } finally {
      await ferry.close();
    }
  });

  it('refuses EICAR kept in an S3 bucket, sent in one request or over tus, and nothing stays in the bucket', async () => {
    const storage = await createTestStorage({ data: 's3' });
    const ferry = await startTestFerry({ ClamdAddress: clamd.address }, { storage });
    await storage.release();
    try {
      const upload = await createUpload(ferry.url);
      const refused = await sendFile(ferry, upload, EICAR, 'eicar.txt');
      expect([refused.status, await refused.text()]).toEqual([422, infectedMessage('eicar.txt')]);
      const location = await tusCreate(ferry.url, upload, EICAR.length);
      const overTus = await tusPatch(location, upload, 0, new Uint8Array(Buffer.from(EICAR)));
      expect(overTus.status).toBe(422);
      expect(await storage.bucket!.keys()).toEqual([]);
      const clean = await addFile(ferry.url, upload, CLEAN, 'notes.txt');
      expect(await (await fetch(fileUrl(ferry.url, upload, clean))).text()).toBe(CLEAN);
    } finally {
      await ferry.close();
    }
  });
});
