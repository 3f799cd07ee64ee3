// FileChunks reading into the same buffers again once its sink has sent them: the bytes stay right, a buffer is never
// read into while the sink still holds its bytes, and a few buffers serve a whole file.
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileChunks } from '../../src/data/file/file-chunks.js';

const CHUNK = 64 * 1024;
/** 20 whole chunks and a short one: the last read is smaller than the buffers. */
const CONTENT = randomBytes(20 * CHUNK + 1000);

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ferry-chunks-'));
  file = path.join(dir, 'data');
  await writeFile(file, CONTENT);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function chunksOf(): Promise<FileChunks> {
  return new FileChunks(await open(file, 'r'), { start: 0, length: CONTENT.length, chunkSize: CHUNK });
}

describe('FileChunks', () => {
  it('reuses its buffers only once the sink has sent their bytes, and the bytes that leave are the file', async () => {
    const stream = await chunksOf();
    const sink = { writableLength: 0 };
    stream.reuseBuffersOnceSent(sink);
    const sent: Buffer[] = [];
    const buffers = new Set<ArrayBuffer>();
    // A slow socket: it holds up to two chunks, sends the oldest a moment later, and takes more once it has room.
    const held: { chunk: Buffer; copy: Buffer }[] = [];
    const sendOldest = () => {
      const oldest = held.shift()!;
      // Had the stream read into this buffer before it was sent, its bytes would differ from those taken.
      expect(oldest.chunk.equals(oldest.copy)).toBe(true);
      sent.push(oldest.copy);
      sink.writableLength -= oldest.chunk.length;
      if (held.length < 2) stream.resume();
    };
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => {
        buffers.add(chunk.buffer as ArrayBuffer);
        held.push({ chunk, copy: Buffer.from(chunk) });
        sink.writableLength += chunk.length;
        if (held.length >= 2) stream.pause();
        setTimeout(sendOldest, 2);
      });
      stream.on('end', () => setTimeout(resolve, 20));
      stream.on('error', reject);
    });
    expect(Buffer.concat(sent).equals(CONTENT)).toBe(true);
    // One being sent, one waiting, one being read into, and maybe one more while the sink drains: not one per chunk.
    expect(buffers.size).toBeLessThanOrEqual(4);
  });

  it('reads each chunk into a buffer of its own without a sink: a reader may keep them all', async () => {
    const stream = await chunksOf();
    const kept: Buffer[] = [];
    for await (const chunk of stream) kept.push(chunk as Buffer);
    expect(new Set(kept.map((chunk) => chunk.buffer)).size).toBe(kept.length);
    expect(Buffer.concat(kept).equals(CONTENT)).toBe(true);
  });
});
