// Ferry ids for records brought in: the source's own where Ferry's links can serve it (old links keep working),
// otherwise one derived from it, so that the same source record gets the same id on every run (re-runs skip it).
import { createHash } from 'node:crypto';
import { isWellFormedId } from '../model/ids.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** 16 characters of Ferry's id alphabet drawn from a hash of the source's kind, what the id names, and the id. */
export function derivedId(kind: string, what: string, sourceId: string): string {
  const digest = createHash('sha256').update(`${kind}\0${what}\0${sourceId}`).digest();
  let id = '';
  for (let i = 0; i < 16; i++) id += ALPHABET[digest[i]! % ALPHABET.length];
  return id;
}

/** The source's id itself when Ferry can use it as one, else one derived from it. */
export const keptId = (kind: string, what: string, sourceId: string) =>
  isWellFormedId(sourceId) && sourceId.length >= 8 ? sourceId : derivedId(kind, what, sourceId);
