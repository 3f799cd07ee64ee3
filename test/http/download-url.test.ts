// Plik 1.4's downloadURL, the base of file and archive links, in the create answer and GET /config: DownloadDomain
// + Path (Plik's origin form), a DownloadDomain that has a path of its own as it is (Ferry's base URL form), else
// PlikDomain + Path; absent when neither is set. downloadDomain stays DownloadDomain as configured.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { createUpload } from '../helpers/plik-client.js';

const started: TestFerry[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((ferry) => ferry.close()));
});

async function answers(options: Record<string, unknown>) {
  const ferry = await startTestFerry(options);
  started.push(ferry);
  const config = (await (await fetch(`${ferry.url}/config`)).json()) as Record<string, unknown>;
  const upload = await createUpload(ferry.url, {});
  const form = new FormData();
  form.append('file', new Blob(['hello']), 'hello.txt');
  const quick = (await (await fetch(`${ferry.url}/`, { method: 'POST', body: form })).text()).trim();
  return { config, upload, quick };
}

describe('downloadURL', () => {
  it('is absent when no domain is set: clients use the URL they came to', async () => {
    const { config, upload, quick } = await answers({ Path: '/files' });
    expect(config).not.toHaveProperty('downloadURL');
    expect(config).toMatchObject({ downloadDomain: '', plikDomain: '' });
    expect(upload).not.toHaveProperty('downloadURL');
    expect(quick).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/file\//);
  });

  it("is DownloadDomain + Path for Plik's origin form", async () => {
    const { config, upload, quick } = await answers({ DownloadDomain: 'https://dl.example.com', Path: '/files' });
    expect(config).toMatchObject({ downloadDomain: 'https://dl.example.com', downloadURL: 'https://dl.example.com/files' });
    expect(upload).toMatchObject({ downloadDomain: 'https://dl.example.com', downloadURL: 'https://dl.example.com/files' });
    expect(quick).toMatch(/^https:\/\/dl\.example\.com\/files\/file\/\w+\/\w+\/hello\.txt$/);
  });

  it("is a DownloadDomain with a path as it is: Ferry's base URL form", async () => {
    const { config, upload, quick } = await answers({ DownloadDomain: 'https://example.com/dl', Path: '/files' });
    expect(config).toMatchObject({ downloadDomain: 'https://example.com/dl', downloadURL: 'https://example.com/dl' });
    expect(upload).toMatchObject({ downloadURL: 'https://example.com/dl' });
    expect(quick).toMatch(/^https:\/\/example\.com\/dl\/file\//);
  });

  it('is PlikDomain + Path when only PlikDomain is set; DownloadDomain wins over it', async () => {
    const only = await answers({ PlikDomain: 'https://plik.example.com', Path: '/files' });
    expect(only.config).toMatchObject({
      downloadDomain: '',
      plikDomain: 'https://plik.example.com',
      downloadURL: 'https://plik.example.com/files',
    });
    expect(only.upload).toMatchObject({ downloadDomain: '', downloadURL: 'https://plik.example.com/files' });
    expect(only.quick).toMatch(/^https:\/\/plik\.example\.com\/files\/file\//);

    const both = await answers({ PlikDomain: 'https://plik.example.com', DownloadDomain: 'https://dl.example.com' });
    expect(both.upload).toMatchObject({ downloadURL: 'https://dl.example.com' });
  });

  it('refuses a PlikDomain with a path, and a DownloadDomain that is no URL', async () => {
    await expect(startTestFerry({ PlikDomain: 'https://plik.example.com/app' })).rejects.toThrow(/PlikDomain/);
    await expect(startTestFerry({ DownloadDomain: 'dl.example.com' })).rejects.toThrow(/DownloadDomain/);
  });
});
