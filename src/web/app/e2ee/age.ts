// The age code of end-to-end encryption, one chunk loaded on first use (secret.ts's loadAge) with a JS budget of
// its own: the page without it stays as light as before.
export { encryptFile, newIdentity } from './age-streams';
export { decryptAllToZip, decryptToDisk } from './decrypt-download';
