import { ImportError, type Importer } from '../source.js';

export const importPsiTransfer: Importer = async () => {
  throw new ImportError('not yet');
};
