// Opens the data store the config names (DataBackend): a local folder or an S3 bucket.
import { embeddedPaths } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { FileDataStore } from './file/file-store.js';
import { openS3DataStore } from './s3/open-s3.js';
import type { PersistentDataStore } from './store.js';

export async function openDataStore(config: Config): Promise<PersistentDataStore> {
  switch (config.DataBackend) {
    case 'file':
      return new FileDataStore(embeddedPaths(config).filesDir);
    case 's3':
      return openS3DataStore(config.DataBackendConfig);
  }
}
