// Encrypted files keep no digest of their plain bytes: neither the upload's JSON without the link's key, nor the
// metadata database, nor the data folder holds a file's content, its MD5 or its SHA-256 (issue 12: a 6-digit file
// was recovered from its fileMd5 by brute force in seconds).
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { multipartFile, type FileJson, type UploadJson } from '../helpers/plik-client.js';
import { finding } from './tally.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry({ CleanupInterval: 3600, Deduplication: true, EncryptionKey: Buffer.alloc(32, 5).toString('base64') });
});
afterAll(() => ferry.close());

async function upload(encryption: 'link' | 'server', content: string) {
  const created = (await (
    await fetch(`${ferry.url}/upload`, { method: 'POST', body: JSON.stringify({ encryption }) })
  ).json()) as UploadJson & { downloadKey?: string };
  const key = created.downloadKey ? `?key=${created.downloadKey}` : '';
  const response = await fetch(`${ferry.url}/file/${created.id}${key}`, {
    method: 'POST',
    headers: { 'X-UploadToken': created.uploadToken! },
    body: multipartFile(content, 'pin.txt'),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const file = (await response.json()) as FileJson;
  return { created, file, key };
}

/** Every way a digest or the content itself could be written down: hex, base64, base64url. */
function traces(content: string): string[] {
  const digests = ['md5', 'sha256'].map((algorithm) => createHash(algorithm).update(content).digest());
  return [
    content,
    ...digests.flatMap((d) => [d.toString('hex'), d.toString('hex').toUpperCase(), d.toString('base64'), d.toString('base64url')]),
  ];
}

/** Every byte Ferry keeps: the data folder, with the SQLite database and its journal in it. */
async function everythingStored(): Promise<{ name: string; bytes: Buffer }[]> {
  const entries = await readdir(ferry.dataDir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  return Promise.all(files.map(async (name) => ({ name, bytes: await readFile(name) })));
}

describe('encrypted files at rest', () => {
  it('leave no plaintext digest in the upload JSON, the database or the data folder', async (context) => {
    const link = await upload('link', '482913');
    const server = await upload('server', '731026');
    // A second copy, so that server mode deduplicates it: its blob key is what the database holds of its content.
    const again = await upload('server', '731026');
    expect(again.file.fileMd5).toBe('');

    for (const { created, file, key } of [link, server]) {
      expect(file.fileMd5, 'the answer to the upload').toBe('');
      const shown = (await (await fetch(`${ferry.url}/upload/${created.id}`)).json()) as UploadJson;
      expect(shown.files[0]?.fileMd5, 'GET /upload/:id without the key').toBe('');
      const download = await fetch(`${ferry.url}/file/${created.id}/${file.id}/pin.txt${key}`);
      expect(download.status).toBe(200);
    }

    const stored = await everythingStored();
    expect(
      stored.some((f) => f.name.endsWith('.db')),
      'the SQLite database is among the bytes scanned',
    ).toBe(true);
    for (const content of ['482913', '731026']) {
      for (const trace of traces(content)) {
        const found = stored.filter((f) => f.bytes.includes(trace)).map((f) => path.relative(ferry.dataDir, f.name));
        expect(found, `${trace} (from ${content})`).toEqual([]);
      }
    }
    finding(context, 'plaintext-digests-of-encrypted-files');
  });
});
