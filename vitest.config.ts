import { defineConfig } from 'vitest/config';
import { backendsToRun, type MetadataBackend } from './test/helpers/backends.js';

/**
 * What the s3 project runs: uploads, resumable (tus) ones, downloads with Range, archives, oneShot, interrupted
 * uploads, cleanup, two instances.
 */
const S3_RUN = [
  'test/http/files.test.ts',
  'test/http/tus.test.ts',
  'test/http/downloads.test.ts',
  'test/http/archive.test.ts',
  'test/http/interrupted-upload.test.ts',
  'test/http/quick-upload.test.ts',
  'test/jobs/cleanup.test.ts',
  'test/server/several-instances.test.ts',
];

// The suite runs once per metadata backend, as one vitest project each (FERRY_TEST_METADATA tells the helpers which).
// FERRY_TEST_METADATA=postgres limits a run to one backend; a server that does not answer skips its run with a
// message, or fails it in CI (backendsToRun in test/helpers/backends.ts).
export default defineConfig(async () => {
  const backends = await backendsToRun();
  const s3Metadata: MetadataBackend = backends.includes('postgres') ? 'postgres' : 'sqlite';
  return {
    test: {
      testTimeout: 30_000,
      hookTimeout: 30_000,
      projects: [
        ...backends.map((backend) => ({
          extends: true,
          test: {
            name: backend,
            env: { FERRY_TEST_METADATA: backend },
            include: ['test/**/*.test.ts'],
            // Config parsing, the data stores, the virus scanner's client, the import picture, the languages' catalogues,
            // the web page, the command-line client (HTTP only) and the documents' examples do not depend on the metadata
            // store: once is enough.
            exclude:
              backend === 'sqlite'
                ? []
                : [
                    'test/config/**',
                    'test/data/**',
                    'test/domain/**',
                    'test/protocol/**',
                    'test/runtime/**',
                    'test/scan/**',
                    'test/architecture/**',
                    'test/i18n/**',
                    'test/web/**',
                    'test/cli/client/**',
                    // Imports and the account commands reach the database through the domain's services, whose queries
                    // the store contract (test/metadata) runs on each server; their CLI starts took 4 minutes a server.
                    'test/import/**',
                    'test/cli/accounts.test.ts',
                    'test/docs/**',
                  ],
          },
        })),
        // The tests of file bytes over HTTP once more, kept in an S3 bucket (test/helpers/s3.ts) instead of a folder,
        // with PostgreSQL when it answers: several instances on a database server and a bucket, as deployed.
        {
          extends: true,
          test: { name: `${s3Metadata}+s3`, env: { FERRY_TEST_METADATA: s3Metadata, FERRY_TEST_DATA: 's3' }, include: S3_RUN },
        },
      ],
    },
  };
});
