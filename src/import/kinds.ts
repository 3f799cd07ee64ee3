// The servers `ferry import-from` reads, each with its own options; an importer's code is loaded only when used.
import type { Importer } from './source.js';

export interface ImportOption {
  /** As commander takes it, e.g. '--gokapi-config <file>'; the importer gets the value under `key`. */
  flags: string;
  key: string;
  description: string;
}

export interface ImportKind {
  name: string;
  /** What PATH names for it. */
  path: string;
  options: ImportOption[];
  load(): Promise<Importer>;
}

export const IMPORT_KINDS: readonly ImportKind[] = [
  {
    name: 'gokapi',
    path: "Gokapi's data folder (gokapi.sqlite and the files), or its SQLite file itself",
    options: [
      {
        flags: '--gokapi-config <file>',
        key: 'gokapiConfig',
        description:
          "Gokapi's config.json: its salts (older password hashes) and cipher key (encrypted files); default: ../config/config.json beside PATH",
      },
      {
        flags: '--gokapi-files <dir>',
        key: 'gokapiFiles',
        description: "the folder holding Gokapi's files, when it is not PATH (or the SQLite file's folder)",
      },
      {
        flags: '--gokapi-cipher <base64>',
        key: 'gokapiCipher',
        description:
          "Gokapi's 32-byte cipher key in base64, for encrypted files when config.json does not hold it (a password-derived one)",
      },
    ],
    load: async () => (await import('./gokapi/importer.js')).importGokapi,
  },
  {
    name: 'psitransfer',
    path: "PsiTransfer's data folder (one folder per bucket, each file with its .json sidecar)",
    options: [
      {
        flags: '--psitransfer-max-age <seconds>',
        key: 'psitransferMaxAge',
        description: "PsiTransfer's maxAge, after which it removes every file, one-time ones too (default: its 75 days)",
      },
    ],
    load: async () => (await import('./psitransfer/importer.js')).importPsiTransfer,
  },
  {
    name: 'pingvin',
    path: "Pingvin Share's (or Pingvin Share X's) data folder (pingvin-share.db and uploads/shares/), or its SQLite file itself",
    options: [],
    load: async () => (await import('./pingvin/importer.js')).importPingvin,
  },
  {
    name: 'plik',
    path: "the folder plikd ran in (plik.db and files/), or Plik's SQLite file itself",
    options: [
      {
        flags: '--plik-data <dir>',
        key: 'plikData',
        description: "the folder of Plik's file data backend (DataBackendConfig.Directory), when it is not files/ beside the database",
      },
    ],
    load: async () => (await import('./plik/importer.js')).importPlik,
  },
];
