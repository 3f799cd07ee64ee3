// The bench's baselines that run as their own process, as Ferry does, so that the load generator in the bench
// process does not share their event loop: `upload <port> <dir> [md5]`, `download <port> <file>`, `fastify <port> <json
// file>` and `s3 <port>`.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import Fastify from 'fastify';

const [kind, portText, arg, variant] = process.argv.slice(2);
const port = Number(portText);

if (kind === 'upload') {
  // Writes each request body to a file and fsyncs it, as Ferry does; Ferry also parses the multipart form,
  // hashes the bytes and records the file: that work is what the ratio shows. With `md5`, it also hashes the bytes
  // as they pass, on its one thread: the least a server answering Plik's fileMd5 must do.
  const md5 = variant === 'md5';
  let n = 0;
  const server = createServer((request, response) => {
    const file = path.join(arg!, `upload-${n++}`);
    void (async () => {
      const hash = md5 ? createHash('md5') : undefined;
      if (hash) request.on('data', (chunk: Buffer) => hash.update(chunk));
      await pipeline(request, createWriteStream(file));
      const handle = await open(file, 'r+');
      await handle.sync();
      const { size } = await handle.stat();
      await handle.close();
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify({ id: 'bare', fileName: 'bench.bin', fileSize: size, status: 'uploaded', fileMd5: hash?.digest('hex') }));
    })().catch((err: Error) => {
      response.statusCode = 500;
      response.end(err.message);
    });
  });
  server.listen(port, '127.0.0.1', () => console.log('ready'));
} else if (kind === 'download') {
  // Every GET answers one file, read as Ferry reads a lone download (1 MiB at a time) and piped to the socket: Node's
  // own cost of sending those bytes, the reference for Ferry's CPU per GiB. With Node's default 64 KiB reads it would
  // spend about twice as much, a reference too easy to beat.
  const { size } = await stat(arg!);
  const server = createServer((_request, response) => {
    response.setHeader('Content-Type', 'application/octet-stream');
    response.setHeader('Content-Length', size);
    createReadStream(arg!, { highWaterMark: 1024 * 1024 }).pipe(response);
  });
  server.listen(port, '127.0.0.1', () => console.log('ready'));
} else if (kind === 'fastify') {
  // GET /upload/:id answering a fixed upload of the same shape as Ferry's, without looking anything up.
  const body = await readFile(arg!, 'utf8');
  const app = Fastify({ logger: false });
  app.get('/upload/:uploadId', async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
  await app.listen({ host: '127.0.0.1', port });
  console.log('ready');
} else if (kind === 's3') {
  // fauxqs, the S3 emulator the tests use: Ferry's S3 data store writes to it, and the bench's own S3 client
  // does the same job without Ferry. It keeps objects in memory, so S3 itself costs no disk here.
  // Loaded here only: the other servers need none of its AWS SDK clients.
  const { startFauxqs } = await import('fauxqs');
  await startFauxqs({ host: '127.0.0.1', port, logger: false });
  console.log('ready');
} else {
  throw new Error(`bare-servers: unknown kind ${kind}`);
}
