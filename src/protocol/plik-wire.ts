// Plik's JSON shapes of uploads and files, as the server writes them and the web page reads them.
// No imports: the browser bundle includes this file as it is.

export interface PlikFile {
  id: string;
  fileName: string;
  status: string;
  fileMd5: string;
  fileType: string;
  fileSize: number;
  reference: string;
  createdAt: string;
  /** Downloads left before the file goes; null: no limit. */
  remainingDownloads: number | null;
}

export interface PlikUpload {
  id: string;
  ttl: number;
  extend_ttl: boolean;
  downloadDomain: string;
  comments: string;
  files: PlikFile[];
  uploadToken?: string;
  /** Owner-only fields, in the lists of a user's own uploads and the admin's. */
  user?: string;
  token?: string;
  uploadIp?: string;
  admin: boolean;
  stream: boolean;
  oneShot: boolean;
  removable: boolean;
  protectedByPassword: boolean;
  createdAt: string;
  expireAt: string | null;
  maxDownloads: number;
  encryption: string;
  hotlinkProtection: boolean;
  /** Link encryption: the secret download links need, in the creation's answer only. */
  downloadKey?: string;
}
