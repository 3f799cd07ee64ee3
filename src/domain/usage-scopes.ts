// Where an upload's events are counted in the lifetime usage counters (the server, its owner or the anonymous
// uploads, its token), and which of Plik's counted features it uses.
import type { Upload } from '../model/model.js';
import type { UploadFeature } from '../model/usage.js';

/** The scopes of the lifetime counters: no user id is one of these (they all hold a colon). */
export const SERVER_SCOPE = '*';
export const ANONYMOUS_SCOPE = 'anonymous';
/**
 * A token's scope names its user too: a token's hash can be computed by anyone who names the token, and the user
 * in the key keeps one user from reading another's token figures with it.
 */
export const tokenScope = (userId: string, tokenId: string) => `token ${userId} ${tokenId}`;

/** The scopes an upload's events count in: the server's, its owner's (or the anonymous one), its token's. */
export function scopesOf(upload: Pick<Upload, 'userId' | 'tokenId'>): string[] {
  if (upload.userId === null) return [SERVER_SCOPE, ANONYMOUS_SCOPE];
  return [SERVER_SCOPE, upload.userId, ...(upload.tokenId ? [tokenScope(upload.userId, upload.tokenId)] : [])];
}

export function featuresOf(upload: Upload): UploadFeature[] {
  const used: Record<UploadFeature, boolean> = {
    password: upload.passwordHash !== null,
    removable: upload.removable,
    oneShot: upload.oneShot,
    stream: upload.stream,
    extendTtl: upload.extendTtl,
    e2ee: upload.e2ee !== '',
    comment: upload.comments.trim() !== '',
  };
  return (Object.keys(used) as UploadFeature[]).filter((feature) => used[feature]);
}
