import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { multipartFile } from '../helpers/plik-client.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry();
});
afterAll(() => ferry.close());

describe('POST / (quick upload)', () => {
  it('creates an upload with defaults and answers the download URL as text', async () => {
    const response = await fetch(`${ferry.url}/`, { method: 'POST', body: multipartFile('quick data', 'my notes.txt') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const url = (await response.text()).trimEnd();
    expect(url).toMatch(new RegExp(`^${ferry.url}/file/\\w{16}/\\w{16}/my%20notes\\.txt$`));
    const download = await fetch(url);
    expect(await download.text()).toBe('quick data');
  });

  it('creates nothing when the body holds no file', async () => {
    const response = await fetch(`${ferry.url}/`, { method: 'POST', body: 'no form' });
    expect(response.status).toBe(400);
  });
});
