// Plik's WebappDirectory and ClientsDirectory: another web app served from a folder instead of Ferry's, and Plik's
// client binaries offered under /clients/ and listed, with their MD5, by GET /version (what `plik --update` reads).
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Visitors } from '../helpers/chromium.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload } from '../helpers/plik-client.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'ferry-web-folders-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function writeFiles(root: string, files: Record<string, string>) {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

async function withFerry(options: Record<string, unknown>, test: (ferry: TestFerry) => Promise<void>) {
  const ferry = await startTestFerry(options);
  try {
    await test(ferry);
  } finally {
    await ferry.close();
  }
}

describe('ClientsDirectory', () => {
  it("lists Plik's client binaries in GET /version, in Plik's shape, and serves them under /clients/", async () => {
    const clients = path.join(folder, 'clients');
    await writeFiles(clients, {
      'linux-amd64/plik': 'linux binary',
      'windows-amd64/plik.exe': 'windows binary',
      'bash/plik.sh': '#!/bin/bash\n',
      // Neither a platform's folder nor a client: left out.
      'README.md': 'notes',
      'linux-arm/notes.txt': 'not a client',
      'linux-amd64/old/plik': 'too deep',
    });
    await withFerry({ ClientsDirectory: clients }, async (ferry) => {
      const version = (await (await fetch(`${ferry.url}/version`)).json()) as { clients: unknown };
      expect(version.clients).toEqual([
        { name: 'Bash (curl)', md5: md5('#!/bin/bash\n'), path: 'clients/bash/plik.sh', os: 'bash', arch: '' },
        { name: 'Linux 64bit', md5: md5('linux binary'), path: 'clients/linux-amd64/plik', os: 'linux', arch: 'amd64' },
        { name: 'Windows 64bit', md5: md5('windows binary'), path: 'clients/windows-amd64/plik.exe', os: 'windows', arch: 'amd64' },
      ]);
      // As `plik --update` fetches it: the server's URL, then the listed path.
      const binary = await fetch(`${ferry.url}/clients/linux-amd64/plik`);
      expect(binary.status).toBe(200);
      expect(binary.headers.get('cache-control')).toBe('no-cache');
      expect(await binary.text()).toBe('linux binary');
      for (const outside of ['/clients/../../etc/passwd', '/clients/%2e%2e/%2e%2e/etc/passwd', '/clients/missing/plik'])
        expect([outside, (await fetch(`${ferry.url}${outside}`)).status]).toEqual([outside, 404]);
    });
  });

  it('lists none (null, as before) where the folder does not exist, as every plikd.cfg names one, and none without the web interface', async () => {
    await withFerry({ ClientsDirectory: path.join(folder, 'no-such-folder') }, async (ferry) => {
      expect(((await (await fetch(`${ferry.url}/version`)).json()) as { clients: unknown }).clients).toBeNull();
    });
    const clients = path.join(folder, 'api-only-clients');
    await writeFiles(clients, { 'linux-amd64/plik': 'linux binary' });
    await withFerry({ ClientsDirectory: clients, NoWebInterface: true }, async (ferry) => {
      expect(((await (await fetch(`${ferry.url}/version`)).json()) as { clients: unknown }).clients).toBeNull();
      expect((await fetch(`${ferry.url}/clients/linux-amd64/plik`)).status).toBe(404);
    });
  });
});

describe('WebappDirectory', () => {
  it("serves another app's files at the page paths, while the API and the server's own pages stay Ferry's", async () => {
    const app = path.join(folder, 'webapp');
    await writeFiles(app, {
      'index.html': '<!doctype html><h1>another app</h1><script src="assets/app.js"></script>',
      'assets/app.js': 'console.log("theirs")',
    });
    await withFerry({ WebappDirectory: app, Path: '/share' }, async (ferry) => {
      const page = await fetch(`${ferry.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<h1>another app</h1>');
      // Ferry's policy is written for Ferry's app; the other app keeps whatever it needs.
      expect(page.headers.get('content-security-policy')).toBeNull();
      expect(await (await fetch(`${ferry.url}/assets/app.js`)).text()).toBe('console.log("theirs")');
      expect((await fetch(`${ferry.url}/login`)).status).toBe(404);

      const config = await fetch(`${ferry.url}/config`);
      expect(config.headers.get('content-type')).toMatch(/^application\/json/);
      const upload = await createUpload(ferry.url);
      await addFile(ferry.url, upload, 'kept', 'kept.txt');
      // The download page is the server's own (the other app does not know /d), styled from Ferry's assets,
      // which moved out of the other app's /assets/.
      const downloadPage = await (await fetch(`${ferry.url}/d?id=${upload.id}`)).text();
      expect(downloadPage).toContain('kept.txt');
      const stylesheet = /href="(\/share\/_ferry\/assets\/[^"]+\.css)"/.exec(downloadPage)?.[1];
      expect(stylesheet).toBeDefined();
      const css = await fetch(`${ferry.url.replace(/\/share$/, '')}${stylesheet}`);
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    });
  });

  it("serves Ferry's own app where the folder holds no index.html, and says so at start", async () => {
    const lines: string[] = [];
    const ferry = await startTestFerry(
      { WebappDirectory: path.join(folder, 'no-app-here'), LogLevel: 'warn' },
      { logStream: { write: (line: string) => lines.push(line) } },
    );
    try {
      const page = await fetch(`${ferry.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(lines.join('')).toContain(`WebappDirectory ${path.join(folder, 'no-app-here')} holds no index.html`);
    } finally {
      await ferry.close();
    }
  });
});

describe("the web page's client downloads", () => {
  const visitors = new Visitors();
  beforeAll(() => visitors.launch());
  afterAll(() => visitors.close());

  it('offers the binaries GET /version lists, each downloading its file', async () => {
    const clients = path.join(folder, 'page-clients');
    await writeFiles(clients, { 'linux-amd64/plik': 'linux binary', 'darwin-arm64/plik': 'mac binary' });
    await withFerry({ ClientsDirectory: clients }, async (ferry) => {
      const { page } = await visitors.visitor({ acceptDownloads: true });
      await page.goto(`${ferry.url}/`);
      const offered = page.getByRole('navigation', { name: 'Command-line clients' });
      await expect.poll(() => offered.getByRole('link').allTextContents()).toEqual(['MacOS ARM64', 'Linux 64bit']);
      const [download] = await Promise.all([page.waitForEvent('download'), offered.getByRole('link', { name: 'Linux 64bit' }).click()]);
      expect(await readFile((await download.path())!, 'utf8')).toBe('linux binary');
      await visitors.closeVisitors();
    });
  });
});
