// Opens the data store the config names (DataBackend): a local folder or an S3 bucket, both able to build files
// across requests (tus uploads).
import { embeddedPaths } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { FileDataStore } from './file/file-store.js';
import type { DataBackendStore } from './store.js';

export async function openDataStore(config: Config): Promise<DataBackendStore> {
  switch (config.DataBackend) {
    case 'file':
      return new FileDataStore(embeddedPaths(config).filesDir);
    case 's3': {
      // The AWS SDK weighs some 25 MB in memory: loaded only when the data goes to S3.
      const { openS3DataStore } = await import('./s3/open-s3.js');
      return openS3DataStore(config.DataBackendConfig);
    }
  }
}
