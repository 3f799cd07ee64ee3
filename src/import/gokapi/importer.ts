import { ImportError, type Importer } from '../source.js';

export const importGokapi: Importer = async () => {
  throw new ImportError('not yet');
};
