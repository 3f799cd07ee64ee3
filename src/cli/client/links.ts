// Where an uploaded file can be downloaded, and the shell commands that do it, as Plik's client prints them.
import type { SecureKey } from './secure.js';

export interface UploadInfo {
  id: string;
  stream: boolean;
  downloadDomain?: string;
  /** Plik 1.4's base URL of download links, when the server has one. */
  downloadURL?: string;
  /** Ferry's link encryption: the secret every download URL must carry. */
  downloadKey?: string;
}

export interface FileInfo {
  id: string;
  fileName: string;
}

/**
 * The download URL: under the server's downloadURL (Plik 1.4) or, from older servers, its DownloadDomain when it has
 * one; /stream/ for stream uploads.
 */
export function fileUrl(server: string, upload: UploadInfo, file: FileInfo): string {
  const base = (upload.downloadURL || upload.downloadDomain || server).replace(/\/+$/, '');
  const mode = upload.stream ? 'stream' : 'file';
  const url = `${base}/${mode}/${upload.id}/${file.id}/${encodeURIComponent(file.fileName)}`;
  return upload.downloadKey ? `${url}?key=${encodeURIComponent(upload.downloadKey)}` : url;
}

/** A word for a POSIX shell, whatever characters it holds. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface CommandOptions {
  /** curl, wget, or any program that takes the URL and writes to stdout. */
  binary: string;
  /** Login of a password-protected upload: curl asks for the password. */
  login?: string;
  secure?: SecureKey;
  /** A tar archive is unpacked on arrival; anything else is saved under this name. */
  unpack?: 'tar.gz' | 'tar';
  saveAs: string;
}

/** `curl -s URL > name`, with decryption and unpacking in the pipe when they apply. */
export function downloadCommand(url: string, options: CommandOptions): string {
  const login = options.login;
  const fetcher =
    options.binary === 'curl'
      ? `curl -s${login ? ` -u ${shellQuote(login)}` : ''}`
      : options.binary === 'wget'
        ? `wget -q -O-${login ? ` --user ${shellQuote(login)} --ask-password` : ''}`
        : options.binary;
  const decrypt = options.secure ? ` | ${ageDecrypt(options.secure)}` : '';
  const save = options.unpack === 'tar.gz' ? ' | tar xzf -' : options.unpack === 'tar' ? ' | tar xf -' : ` > ${shellQuote(options.saveAs)}`;
  return `${fetcher} ${shellQuote(url)}${decrypt}${save}`;
}

/** The age command that decrypts from stdin. */
function ageDecrypt(key: SecureKey): string {
  switch (key.kind) {
    case 'identity':
      return `age -d -i <(echo ${shellQuote(key.identity)})`;
    case 'passphrase':
      return 'age -d';
    case 'recipient':
      return 'age -d -i YOUR-IDENTITY-FILE';
  }
}

/** The same download with ferry, which resumes, checks the size and decrypts. */
export function ferryDownloadCommand(url: string, secure?: SecureKey): string {
  const identity =
    secure?.kind === 'identity'
      ? ` --identity ${shellQuote(secure.identity)}`
      : secure?.kind === 'recipient'
        ? ' --identity YOUR-IDENTITY-FILE'
        : '';
  return `ferry download${secure ? ' --decrypt' : ''}${identity} ${shellQuote(url)}`;
}
