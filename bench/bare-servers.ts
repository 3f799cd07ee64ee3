// The bench's baselines that run as their own process, as Ferry does, so that the load generator in the bench
// process does not share their event loop: `upload <port> <dir>` and `fastify <port> <json file>`.
import { createWriteStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import Fastify from 'fastify';

const [kind, portText, arg] = process.argv.slice(2);
const port = Number(portText);

if (kind === 'upload') {
  // Writes each request body to a file and fsyncs it, as Ferry does; Ferry also parses the multipart form,
  // hashes the bytes and records the file: that work is what the ratio shows.
  let n = 0;
  const server = createServer((request, response) => {
    const file = path.join(arg!, `upload-${n++}`);
    void (async () => {
      await pipeline(request, createWriteStream(file));
      const handle = await open(file, 'r+');
      await handle.sync();
      const { size } = await handle.stat();
      await handle.close();
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify({ id: 'bare', fileName: 'bench.bin', fileSize: size, status: 'uploaded' }));
    })().catch((err: Error) => {
      response.statusCode = 500;
      response.end(err.message);
    });
  });
  server.listen(port, '127.0.0.1', () => console.log('ready'));
} else if (kind === 'fastify') {
  // GET /upload/:id answering a fixed upload of the same shape as Ferry's, without looking anything up.
  const body = await readFile(arg!, 'utf8');
  const app = Fastify({ logger: false });
  app.get('/upload/:uploadId', async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
  await app.listen({ host: '127.0.0.1', port });
  console.log('ready');
} else {
  throw new Error(`bare-servers: unknown kind ${kind}`);
}
