// The file types a file request accepts: extensions (".pdf") and MIME types ("image/png", or a family "image/*").
import mime from 'mime-types';
import { badRequest } from '../model/errors.js';

const EXTENSION = /^\.[a-z0-9][a-z0-9._+-]{0,31}$/;
const MIME_TYPE = /^[a-z0-9][a-z0-9.+-]{0,63}\/(?:\*|[a-z0-9][a-z0-9.+-]{0,127})$/;
const MAX_TYPES = 64;

/** The allow-list as the request keeps it: lower case, each checked; refuses what is neither form. */
export function checkedTypes(types: string[]): string[] {
  if (types.length > MAX_TYPES) throw badRequest(`invalid allowedTypes: at most ${MAX_TYPES} entries`);
  return types.map((given) => {
    const type = given.trim().toLowerCase();
    if (!EXTENSION.test(type) && !MIME_TYPE.test(type)) {
      throw badRequest(`invalid allowedTypes entry ${JSON.stringify(given)}: an extension (.pdf) or a MIME type (image/png, image/*)`);
    }
    return type;
  });
}

/**
 * Whether a file of this name, of the type its sender gave (or that its name says), is on the list (empty: any). Its
 * bytes are not looked at: an end-to-end encrypted file's are ciphertext, and a sender can shape them anyway.
 */
export function typeAllowed(allowed: string[], name: string, givenType: string | undefined): boolean {
  if (allowed.length === 0) return true;
  const lower = name.toLowerCase();
  const type = (givenType && givenType !== 'application/octet-stream' ? givenType : mime.lookup(lower) || '').split(';')[0]!.trim();
  return allowed.some((entry) => {
    if (entry.startsWith('.')) return lower.endsWith(entry);
    if (entry.endsWith('/*')) return type.startsWith(entry.slice(0, -1));
    return type === entry;
  });
}
