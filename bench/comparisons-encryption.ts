// Encryption at rest against none: a second Ferry that encrypts every upload with a server key (Encryption =
// "server") against the bench's main Ferry, which stores files as they come, the same files in the same run.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  compareRoundTrips,
  fetchSpeed,
  FETCH_CLIENT,
  ferryRoundTrip,
  GiB,
  withFerry,
  type Comparison,
  type ComparisonRow,
} from './comparison.js';

export const encryptionAtRest: Comparison = {
  name: 'encryption at rest',
  async run({ ferry: plain, chunk, workDir, size }) {
    const row = (job: string, client = ''): ComparisonRow => ({
      name: `${job} ${size / GiB} GiB${client}, encrypted at rest (server key)`,
      unit: 'MB/s',
      baselineName: 'Ferry, encryption off',
      note: 'AES-256-GCM in 64 KiB chunks',
    });
    const rows = { up: row('Upload'), down: row('Download', ` (${FETCH_CLIENT})`) };
    const options = { Encryption: 'server', EncryptionKey: randomBytes(32).toString('base64') };
    await withFerry(path.join(workDir, 'encrypting-ferry'), options, async (encrypting) => {
      const download = (url: URL) => fetchSpeed(url, size, chunk);
      await compareRoundTrips(
        () => ferryRoundTrip(encrypting, size, chunk, download),
        () => ferryRoundTrip(plain, size, chunk, download),
        rows,
      );
    });
    return [rows.up, rows.down];
  },
};
