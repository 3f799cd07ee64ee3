// What a file name may be: it ends up in URLs, headers, zip entries and on people's disks.
import { badRequest } from '../model/errors.js';

export const MAX_FILE_NAME_LENGTH = 1024;

// Separators would let a name pose as a path in a zip or a download; control characters break headers.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[/\\\u0000-\u001f\u007f]/;
// Bidirectional controls reorder what is shown: "inv\u202Efdp.exe" reads as "invexe.pdf" and runs as an .exe.
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export function checkFileName(name: string | undefined): string {
  if (!name) throw badRequest('missing file name');
  if (name.length > MAX_FILE_NAME_LENGTH) {
    throw badRequest(`file name ${name.slice(0, 20)}... is too long, maximum length is ${MAX_FILE_NAME_LENGTH} characters`);
  }
  if (FORBIDDEN.test(name)) throw badRequest('invalid file name: no path separators or control characters allowed');
  if (BIDI_CONTROLS.test(name)) throw badRequest('invalid file name: no bidirectional control characters allowed');
  if (name === '.' || name === '..') throw badRequest('invalid file name');
  return name;
}
