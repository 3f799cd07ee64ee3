// Ferry with its files on S3 (DataBackend = "s3") against the S3 server itself: the same bytes put and got by the
// bench with an S3 client built as Ferry builds its own, so that the ratio is what Ferry adds on the way.
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { configSchema } from '../src/config/schema.js';
import { s3ClientConfig } from '../src/data/s3/open-s3.js';
import { startS3Server } from './baselines.js';
import {
  compareRoundTrips,
  ferryRoundTrip,
  GiB,
  timedMbps,
  withBaseline,
  withFerry,
  type Comparison,
  type ComparisonRow,
} from './comparison.js';
import { downloadFile, generatedBytes, readGenerated } from './transfer.js';

// The SDK warns once per process that its releases after January 2027 need Node.js 22: no such line in the bench.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const BUCKET = 'ferry-bench';
const KEY = 'bench.bin';
/** fauxqs takes request bodies of at most 11 MiB: parts of Ferry's default 16 MiB would be refused (413). */
const PART_SIZE = '10MiB';

/** Ferry's DataBackendConfig for the bench's S3 server at `base`, in Plik's form (the bench's client parses it as Ferry does). */
export function ferryS3Config(base: URL) {
  return { Endpoint: base.host, UseSSL: false, AccessKeyID: 'bench', SecretAccessKey: 'bench', Bucket: BUCKET, PartSize: PART_SIZE };
}

export const s3DataStore: Comparison = {
  name: 'S3 data store',
  async run({ chunk, workDir, size }) {
    const row = (job: string, client: string, call: string): ComparisonRow => ({
      name: `${job} ${size / GiB} GiB${client}, DataBackend = "s3"`,
      unit: 'MB/s',
      baselineName: `the S3 server directly, AWS SDK ${call}`,
      note: `S3 = fauxqs, an emulator that keeps objects in memory; parts of ${PART_SIZE}`,
    });
    const rows = { up: row('Upload', '', 'Upload'), down: row('Download', ' (bench client)', 'GetObject') };
    await withBaseline(startS3Server, async ({ base }) => {
      const config = ferryS3Config(base);
      const options = configSchema.parse({ DataBackend: 's3', DataBackendConfig: config }).DataBackendConfig;
      const s3 = new S3Client(s3ClientConfig(options));
      // The same part size and parts in flight as Ferry's store: the same requests reach S3 from both sides.
      const put = () =>
        new Upload({
          client: s3,
          params: { Bucket: BUCKET, Key: KEY, Body: generatedBytes(size, chunk) },
          partSize: options.PartSize,
          queueSize: options.QueueSize,
        }).done();
      const get = async () => {
        const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: KEY }));
        await readGenerated(object.Body as Readable, size, chunk, `GetObject ${KEY}`);
      };
      try {
        // Ferry creates the bucket as it starts.
        await withFerry(path.join(workDir, 's3-ferry'), { DataBackend: 's3', DataBackendConfig: JSON.stringify(config) }, (ferry) =>
          compareRoundTrips(
            // The bench's client on both sides, checking every byte as it reads.
            () => ferryRoundTrip(ferry, size, chunk, (url) => timedMbps(size, () => downloadFile(url, size, chunk))),
            async () => {
              const trip = { up: await timedMbps(size, put), down: await timedMbps(size, get) };
              await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: KEY }));
              return trip;
            },
            rows,
          ),
        );
      } finally {
        s3.destroy();
      }
    });
    return [rows.up, rows.down];
  },
};
