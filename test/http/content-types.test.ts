// A file's type when the client sends only application/octet-stream: the name's, else the content's (a known
// signature, or UTF-8 text), as Plik sniffs it. Text from a pipe is text/plain, not bytes of unknown kind.
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';
import { addFile, createUpload } from '../helpers/plik-client.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry();
});
afterAll(() => ferry.close());

/** The smallest PNG: its signature and header chunk are what give it away. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('the type of a file the client does not type', () => {
  it.each([
    ['stdin', Buffer.from('a log line\nand another, with ünïcödé\n'), 'text/plain; charset=utf-8'],
    ['notes.txt', Buffer.from('plain words'), 'text/plain; charset=utf-8'],
    ['picture', PNG, 'image/png'],
    ['backup', gzipSync(Buffer.from('x'.repeat(1000))), 'application/gzip'],
    ['noise', Buffer.concat([Buffer.from([0, 1, 2, 3]), randomBytes(5000)]), 'application/octet-stream'],
    ['page.html', Buffer.from('<p>hi</p>'), 'text/html'],
  ])('%s is typed %s', async (name, content, type) => {
    const upload = await createUpload(ferry.url);
    const file = await addFile(ferry.url, upload, new Uint8Array(content), name);
    expect(file.fileType).toBe(type);
  });

  it('keeps the type the client gives', async () => {
    const upload = await createUpload(ferry.url);
    expect((await addFile(ferry.url, upload, new Uint8Array(PNG), 'picture', 'image/x-mine')).fileType).toBe('image/x-mine');
  });
});
