// The one check the server can make of an end-to-end encrypted file, whose key it never has: its bytes start as
// an age file does. It keeps a client that forgot to encrypt (Plik 1.4's web page adding files later: #791) from
// storing plaintext in an upload that promises there is none; it is no proof of encryption.
import { Readable } from 'node:stream';
import { badRequest } from '../model/errors.js';

/** The first line of age's binary format, and of its ASCII armor. */
const AGE_STARTS = [Buffer.from('age-encryption.org/v1\n'), Buffer.from('-----BEGIN AGE ENCRYPTED FILE-----')];
const LONGEST = Math.max(...AGE_STARTS.map((start) => start.length));

/**
 * Whether `head`, a file's first bytes, starts an age file; when it is only the first `piece` of the file's bytes
 * (a tus PATCH), whether it can.
 */
function startsAsAge(head: Buffer, piece: boolean): boolean {
  return AGE_STARTS.some((start) =>
    piece && head.length < start.length ? start.subarray(0, head.length).equals(head) : head.subarray(0, start.length).equals(start),
  );
}

/**
 * The bytes from the file's start, passed on once they are known to start an age file; an error in the stream
 * otherwise, before any byte reaches the store. `piece`: more may come in another request (tus), so a short body
 * need only agree with age's start. Bytes further on (a resumed upload's) cannot be checked.
 */
export function ageOnly(body: Readable, { piece = false } = {}): Readable {
  const checked = async function* () {
    const held: Buffer[] = [];
    let heldSize = 0;
    let passed = false;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (passed) {
        yield chunk;
        continue;
      }
      held.push(chunk);
      heldSize += chunk.length;
      if (heldSize < LONGEST) continue;
      const head = Buffer.concat(held, heldSize);
      if (!startsAsAge(head, false)) throw notAge();
      passed = true;
      yield head;
    }
    if (!passed && (heldSize > 0 || !piece)) {
      const head = Buffer.concat(held, heldSize);
      if (!startsAsAge(head, piece)) throw notAge();
      yield head;
    }
  };
  return Readable.from(checked(), { objectMode: false });
}

const notAge = () =>
  badRequest('the files of an end-to-end encrypted upload (e2ee) must be encrypted with age by the client: these bytes are not');
