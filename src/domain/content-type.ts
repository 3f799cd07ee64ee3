// A file's type: what the client said, else what the name says, else what the first bytes say, as Plik sniffs them.
// Text from stdin or a name without an extension was application/octet-stream; it is text/plain now.
import mime from 'mime-types';

/** What the signature detection reads of a file's start (file-type's own sample size). */
export const SNIFF_BYTES = 4100;

const UNINFORMATIVE = 'application/octet-stream';

/**
 * The client's type unless it is the uninformative default, then the declared one, then a guess from the name, then
 * from the content: a known signature (images, archives, documents…), or text when the bytes read as UTF-8. Plain
 * text says its charset when its bytes are UTF-8, so that a browser shows it right.
 */
export async function resolveType(
  given: string | undefined,
  declared: string,
  name: string,
  head: Buffer | (() => Promise<Buffer>),
): Promise<string> {
  if (given && given !== UNINFORMATIVE) return given;
  if (declared) return declared;
  // A file built over several requests reads its start back only when the name does not settle its type.
  const start = typeof head === 'function' ? head : async () => head;
  const byName = mime.lookup(name);
  if (byName === 'text/plain') return readsAsText(await start()) ? 'text/plain; charset=utf-8' : byName;
  if (byName) return byName;
  return (await sniffed(await start())) ?? UNINFORMATIVE;
}

async function sniffed(head: Buffer): Promise<string | undefined> {
  if (head.length === 0) return undefined;
  // Loaded at the first file whose name says nothing: most never need it.
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(head);
  if (found) return found.mime;
  return readsAsText(head) ? 'text/plain; charset=utf-8' : undefined;
}

/** Control characters text does not hold: all but tab, line feed, form feed, carriage return and escape. */
const BINARY_CONTROL = /[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]/;

/** UTF-8 without binary control characters; the sample may cut a character in two at its end. */
function readsAsText(head: Buffer): boolean {
  if (head.length === 0) return false;
  const text = decodedUtf8(head) ?? decodedUtf8(head.subarray(0, lastCharacterStart(head)));
  return text !== undefined && !BINARY_CONTROL.test(text);
}

function decodedUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Where the last, possibly incomplete, UTF-8 character of the sample starts (at most 3 bytes back). */
function lastCharacterStart(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) if ((bytes[i]! & 0xc0) !== 0x80) return i;
  return bytes.length;
}
