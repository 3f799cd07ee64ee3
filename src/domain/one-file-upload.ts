// An upload made for one file, as Plik's quick POST / and Gokapi's /api/files/add make them: it exists only with its
// file. A file that fails (too large, cut off, refused) takes the upload it was made for along, so no empty upload
// is left in its owner's list.
import type { FileService, IncomingFile } from './files.js';
import type { UploadFile } from '../model/model.js';
import { isQuarantined } from './scanning.js';
import { creatorAccess, type CreateUploadParams, type Requester, type UploadAccess, type UploadService } from './uploads.js';

export interface OneFileUpload {
  access: UploadAccess;
  file: UploadFile;
  /** Link encryption: the secret to put in download links, shown this once. */
  linkSecret?: string;
}

export async function uploadOneFile(
  services: { uploads: UploadService; files: FileService },
  params: CreateUploadParams,
  requester: Requester,
  incoming: IncomingFile,
): Promise<OneFileUpload> {
  const created = await services.uploads.create(params, requester);
  const access = creatorAccess(created);
  try {
    const file = await services.files.add(access, incoming);
    return { access, file, linkSecret: created.linkSecret };
  } catch (err) {
    // A file kept in quarantine stays, with its upload, for the admins to see.
    if (!isQuarantined(err)) await services.uploads.delete(access);
    throw err;
  }
}
