// End-to-end encryption in the page, in Chromium against a real Ferry: files encrypted in the browser decrypt with
// Debian's `age` and with `ferry download --decrypt`; files of `ferry upload --secure` decrypt in the page; browser
// to browser with a passphrase, saved through the service worker where the File System Access API is missing; a
// wrong key writes nothing; a large file goes both ways with the page's memory well below its size.
// The save picker cannot be clicked in headless Chromium: an init script answers showSaveFilePicker with a file
// of the origin's private file system, a real FileSystemFileHandle, which the test reads back.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { Encrypter, identityToRecipient } from 'age-encryption';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferryInChromium } from '../helpers/chromium.js';
import { CLI_TESTS, runCli, tempHome } from '../helpers/ferry-cli.js';
import { startTestFerry } from '../helpers/ferry.js';
import type { UploadJson } from '../helpers/plik-client.js';

const stand = ferryInChromium({ TusChunkSize: 4 * 1024 * 1024 });
const ferry = () => stand.ferry;
const { visitors } = stand;
const run = promisify(execFile);
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'ferry-e2ee-'));
});
afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A page whose save picker writes into the origin's private file system (see the top). */
async function visitor(withPicker = true): Promise<{ page: Page; errors: string[] }> {
  const opened = await visitors.visitor({ acceptDownloads: true });
  await opened.page.addInitScript((picker: boolean) => {
    const target = window as unknown as { showSaveFilePicker?: unknown };
    if (!picker) delete target.showSaveFilePicker;
    else
      target.showSaveFilePicker = async ({ suggestedName }: { suggestedName: string }) =>
        (await navigator.storage.getDirectory()).getFileHandle(suggestedName, { create: true });
  }, withPicker);
  return opened;
}

/** The files the page saved through its picker: name → SHA-256 of the content. */
const savedFiles = (page: Page) =>
  page.evaluate(async () => {
    const found: Record<string, string> = {};
    const root = (await navigator.storage.getDirectory()) as unknown as AsyncIterable<[string, FileSystemFileHandle]>;
    for await (const [name, handle] of root) {
      const digest = await crypto.subtle.digest('SHA-256', await (await handle.getFile()).arrayBuffer());
      found[name] = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    }
    return found;
  });

/** The bytes of a file the page saved through its picker. */
async function savedBytes(page: Page, name: string): Promise<Uint8Array> {
  const base64 = await page.evaluate(async (fileName) => {
    const file = await (await (await navigator.storage.getDirectory()).getFileHandle(fileName)).getFile();
    const bytes = new Uint8Array(await file.arrayBuffer());
    let text = '';
    for (const byte of bytes) text += String.fromCharCode(byte);
    return btoa(text);
  }, name);
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

/** Uploads `files` from the home page encrypted in the browser, with `passphrase` or a random key; the share page's URL. */
async function encryptedUpload(page: Page, files: string[], passphrase?: string): Promise<URL> {
  await page.goto(`${ferry().url}/`);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Choose files' }).click()]);
  await chooser.setFiles(files);
  await page.getByLabel('Encrypt in this browser').check();
  if (passphrase) await page.getByLabel('Passphrase (optional)').fill(passphrase);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  // A passphrase's scrypt comes first: seconds on a busy machine.
  await page.waitForURL(/\/d\?id=/, { timeout: 60_000 });
  for (const file of files) {
    await page.getByRole('button', { name: `Decrypt and save ${path.basename(file)}` }).waitFor({ timeout: 60_000 });
  }
  return new URL(page.url());
}

const uploadOf = async (id: string) => (await (await fetch(`${ferry().url}/upload/${id}`)).json()) as UploadJson;
const fileUrlOf = (upload: UploadJson, name: string) => {
  const file = upload.files.find((f) => f.fileName === name)!;
  return `${ferry().url}/file/${upload.id}/${file.id}/${encodeURIComponent(name)}`;
};

/** `ferry download --decrypt` of `url` with the key or passphrase in `secret` gives back `content`. */
async function expectFerryDecrypts(url: string, secret: string[], content: Uint8Array): Promise<void> {
  const home = await tempHome();
  const out = path.join(home, 'decrypted');
  const result = await runCli(['download', '--decrypt', ...secret, '-o', out, url], home);
  expect(result.code, result.stderr).toBe(0);
  expect(sha256(await readFile(out))).toBe(sha256(content));
}

/** A key of age-keygen's, which opens none of the files here. */
async function otherIdentity(): Promise<string> {
  const { stdout } = await run('age-keygen', []);
  return /AGE-SECRET-KEY-1\w+/.exec(stdout)![0];
}

async function localFile(name: string, content: Uint8Array): Promise<string> {
  const file = path.join(folder, name);
  await writeFile(file, content);
  return file;
}

describe('a file encrypted in the browser', CLI_TESTS, () => {
  it('keeps the key in the link fragment, and decrypts with the age command and with ferry download --decrypt', async () => {
    const content = randomBytes(300_000);
    const { page, errors } = await visitor();
    const shared = await encryptedUpload(page, [await localFile('report.pdf', content)]);
    const identity = new URLSearchParams(shared.hash.slice(1)).get('age')!;
    expect(identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/);
    // The link shown to copy carries it too; the upload says e2ee, and its file is ciphertext named as the CLI names it.
    expect(await page.getByRole('textbox', { name: 'Link to this page' }).inputValue()).toBe(shared.toString());
    await page.getByText('End-to-end encrypted', { exact: true }).waitFor();
    const upload = await uploadOf(shared.searchParams.get('id')!);
    expect(upload.e2ee).toBe('age');
    expect(upload.files.map((f) => f.fileName)).toEqual(['report.pdf.age']);
    const url = fileUrlOf(upload, 'report.pdf.age');
    const stored = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(stored.subarray(0, 22).toString()).toBe('age-encryption.org/v1\n');
    expect(stored.includes(content.subarray(1000, 1064))).toBe(false);

    const keyFile = await localFile('key.txt', Buffer.from(`${identity}\n`));
    const cipherFile = await localFile('report.pdf.age', stored);
    const byAge = await run('age', ['-d', '-i', keyFile, '-o', path.join(folder, 'by-age.pdf'), cipherFile]);
    expect(byAge.stderr).toBe('');
    expect(sha256(await readFile(path.join(folder, 'by-age.pdf')))).toBe(sha256(content));

    await expectFerryDecrypts(url, ['--identity', identity], content);
    expect(errors).toEqual([]);
  });

  it('from ferry upload --secure decrypts in the page with the key the CLI printed', async () => {
    const content = randomBytes(200_000);
    const home = await tempHome();
    const result = await runCli(['upload', '--server', ferry().url, '--secure', '--json', await localFile('plans.bin', content)], home);
    expect(result.code, result.stderr).toBe(0);
    const shown = JSON.parse(result.stdout) as { id: string; secure: { identity: string } };

    const { page, errors } = await visitor();
    await page.goto(`${ferry().url}/d?id=${shown.id}`);
    const decrypt = page.getByRole('button', { name: 'Decrypt and save plans.bin' });
    // Nothing to decrypt with yet: the CLI's page link has no key.
    expect(await decrypt.isDisabled()).toBe(true);
    await page.getByLabel('Passphrase or key').fill(shown.secure.identity);
    await decrypt.click();
    await page.getByText('Decrypted and saved.').waitFor({ timeout: 30_000 });
    expect(await savedFiles(page)).toEqual({ 'plans.bin': sha256(content) });
    expect(errors).toEqual([]);
  });
});

describe('browser to browser', CLI_TESTS, () => {
  it('saved through the service worker where there is no save picker; a wrong key starts no download', async () => {
    const content = randomBytes(1_500_000);
    const sender = await visitor();
    const shared = await encryptedUpload(sender.page, [await localFile('holiday.mov', content)]);

    const { page, errors } = await visitor(false);
    let downloads = 0;
    page.on('download', () => void downloads++);
    // Without its fragment the link opens nothing; another key says so.
    await page.goto(`${ferry().url}/d?id=${shared.searchParams.get('id')}`);
    await page.getByLabel('Passphrase or key').fill(await otherIdentity());
    const decrypt = page.getByRole('button', { name: 'Decrypt and save holiday.mov' });
    await decrypt.click();
    await page.getByText('Wrong key or passphrase: nothing was saved.').waitFor({ timeout: 30_000 });
    expect(downloads).toBe(0);

    // The link with its key, in the same tab: only the fragment changes, and with it the key.
    await page.goto(shared.toString());
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), decrypt.click()]);
    expect(download.suggestedFilename()).toBe('holiday.mov');
    const saved = path.join(folder, 'holiday-saved.mov');
    await download.saveAs(saved);
    expect(sha256(await readFile(saved))).toBe(sha256(content));
    await page.getByText('Decrypted and saved.').waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
  });

  // A passphrase costs age's scrypt (work factor 18, age's own) at each encryption and decryption: seconds in a
  // browser, tens of them on a busy test machine.
  it('with a passphrase, which stays out of the link; ferry download --decrypt --passphrase opens it too', {
    timeout: 240_000,
  }, async () => {
    const content = randomBytes(100_000);
    const sender = await visitor();
    const passphrase = 'correct horse battery staple';
    const shared = await encryptedUpload(sender.page, [await localFile('diary.txt', content)], passphrase);
    expect(shared.hash).toBe('');

    const { page, errors } = await visitor();
    await page.goto(shared.toString());
    await page.getByLabel('Passphrase or key').fill(passphrase);
    await page.getByRole('button', { name: 'Decrypt and save diary.txt' }).click();
    await page.getByText('Decrypted and saved.').waitFor({ timeout: 120_000 });
    expect(await savedFiles(page)).toEqual({ 'diary.txt': sha256(content) });

    const url = fileUrlOf(await uploadOf(shared.searchParams.get('id')!), 'diary.txt.age');
    await expectFerryDecrypts(url, ['--passphrase', passphrase], content);
    expect(errors).toEqual([]);
  });

  it('a wrong key through the save picker says so and leaves no file', async () => {
    const sender = await visitor();
    const shared = await encryptedUpload(sender.page, [await localFile('secret.txt', Buffer.from('for your eyes only'))]);
    const { page } = await visitor();
    await page.goto(`${ferry().url}/d?id=${shared.searchParams.get('id')}`);
    await page.getByLabel('Passphrase or key').fill(await otherIdentity());
    await page.getByRole('button', { name: 'Decrypt and save secret.txt' }).click();
    await page.getByText('Wrong key or passphrase: nothing was saved.').waitFor({ timeout: 30_000 });
    expect(await savedFiles(page)).toEqual({});
  });
});

describe('all of an upload as a zip, made in the browser', () => {
  it('decrypts every file into one zip the page writes as the bytes come; a wrong key writes none', async () => {
    const contents = { 'one.bin': randomBytes(300_000), 'two.txt': Buffer.from('the second file') };
    const sender = await visitor();
    const files = await Promise.all(Object.entries(contents).map(([name, content]) => localFile(name, content)));
    const shared = await encryptedUpload(sender.page, files);
    const id = shared.searchParams.get('id')!;

    const { page, errors } = await visitor();
    await page.goto(`${ferry().url}/d?id=${id}`);
    await page.getByLabel('Passphrase or key').fill(await otherIdentity());
    const zipButton = page.getByRole('button', { name: 'Decrypt all and save as a zip' });
    await zipButton.click();
    await page.getByText('Wrong key or passphrase: nothing was saved.').waitFor({ timeout: 30_000 });
    expect(await savedFiles(page)).toEqual({});

    await page.goto(shared.toString());
    await zipButton.click();
    await page.getByText('Decrypted and saved.').waitFor({ timeout: 60_000 });
    const zip = unzipSync(await savedBytes(page, `ferry-${id}.zip`));
    expect(Object.fromEntries(Object.entries(zip).map(([name, bytes]) => [name, sha256(bytes)]))).toEqual(
      Object.fromEntries(Object.entries(contents).map(([name, content]) => [name, sha256(content)])),
    );
    expect(errors).toEqual([]);
  });
});

describe('a wrong key on a one-shot file', () => {
  // Small enough that the server would send it whole before the page read its header: the page reads the header
  // alone first (GET /age-header/…), which counts nothing.
  it('is refused from the header, and the one download is left for the right key', async () => {
    const content = randomBytes(20_000);
    const identity = await otherIdentity();
    const encrypter = new Encrypter();
    encrypter.addRecipient(await identityToRecipient(identity));
    const created = await fetch(`${ferry().url}/upload`, { method: 'POST', body: JSON.stringify({ e2ee: 'age', oneShot: true }) });
    const upload = (await created.json()) as UploadJson;
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await encrypter.encrypt(content))]), 'once.bin.age');
    const added = await fetch(`${ferry().url}/file/${upload.id}`, {
      method: 'POST',
      headers: { 'X-UploadToken': upload.uploadToken ?? '' },
      body: form,
    });
    expect(added.status).toBe(200);

    const { page, errors } = await visitor();
    await page.goto(`${ferry().url}/d?id=${upload.id}`);
    const key = page.getByLabel('Passphrase or key');
    const decrypt = page.getByRole('button', { name: 'Decrypt and save once.bin' });
    await key.fill(await otherIdentity());
    await decrypt.click();
    await page.getByText('Wrong key or passphrase: nothing was saved.').waitFor({ timeout: 30_000 });
    await key.fill(identity);
    await decrypt.click();
    await page.getByText('Decrypted and saved.').waitFor({ timeout: 30_000 });
    expect(await savedFiles(page)).toEqual({ 'once.bin': sha256(content) });
    expect(errors).toEqual([]);
  });
});

describe('FeatureE2EE in the upload page', () => {
  // Three more servers and page loads: slow on a busy machine.
  it('hides the option when disabled, checks it by default when default, and locks it when forced', { timeout: 120_000 }, async () => {
    const servers = await Promise.all(
      ['disabled', 'default', 'forced'].map((value) => startTestFerry({ FeatureE2EE: value }, { alongside: ferry() })),
    );
    try {
      const { page } = await visitor();
      const option = page.getByLabel(/Encrypt in this browser/);
      await page.goto(`${servers[0]!.url}/`);
      await page.getByRole('button', { name: 'Upload', exact: true }).waitFor();
      expect(await option.count()).toBe(0);
      await page.goto(`${servers[1]!.url}/`);
      expect([await option.isChecked(), await option.isDisabled()]).toEqual([true, false]);
      await page.goto(`${servers[2]!.url}/`);
      expect([await option.isChecked(), await option.isDisabled()]).toEqual([true, true]);
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  });
});

const MB = 1024 * 1024;
/** 300 MB as the issue asks (some 70 s on a busy 2-core machine); FERRY_E2EE_LARGE_MB=50 for a quicker run. */
const LARGE = Number(process.env.FERRY_E2EE_LARGE_MB ?? 300) * MB;

describe(`a ${LARGE / MB} MB file`, () => {
  it('is encrypted as it is read and decrypted as it arrives, the page heap staying well below its size', {
    timeout: 240_000,
  }, async () => {
    const source = path.join(folder, 'large.bin');
    const hash = createHash('sha256');
    await pipeline(
      (async function* () {
        for (let left = LARGE; left > 0; left -= MB) {
          const chunk = randomBytes(Math.min(MB, left));
          hash.update(chunk);
          yield chunk;
        }
      })(),
      createWriteStream(source),
    );
    const expected = hash.digest('hex');

    const { page, errors } = await visitor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    let peak = 0;
    const sampler = setInterval(() => {
      cdp
        .send('Performance.getMetrics')
        .then(({ metrics }) => {
          peak = Math.max(peak, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
        })
        .catch(() => undefined);
    }, 100);
    try {
      const started = performance.now();
      const shared = await encryptedUpload(page, [source]);
      const uploaded = performance.now();
      await page.getByRole('button', { name: 'Decrypt and save large.bin' }).click();
      await page.getByText('Decrypted and saved.').waitFor({ timeout: 180_000 });
      const downloaded = performance.now();
      console.log(
        `e2ee ${LARGE / MB} MB: upload ${((uploaded - started) / 1000).toFixed(1)} s, download ${((downloaded - uploaded) / 1000).toFixed(1)} s, JS heap peak ${(peak / MB).toFixed(1)} MB`,
      );
      expect(shared.hash).toMatch(/age=/);
    } finally {
      clearInterval(sampler);
    }
    // JSHeapUsedSize leaves out ArrayBuffers' and Blobs' bytes; what it shows is that no copy of the file is kept
    // in JavaScript objects. The Blobs that go to tus are two pieces of 8 MiB at most (api/tus.ts).
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(Math.min(LARGE / 2, 40 * MB));
    // Read back after the measure: the check's own whole-file read is not the page's.
    expect(await savedFiles(page)).toEqual({ 'large.bin': expected });
    expect(errors).toEqual([]);
    await rm(source);
  });
});
