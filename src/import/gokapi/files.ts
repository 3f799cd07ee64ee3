// One row of Gokapi's FileMetaData as an upload of one file, or why it is not imported: a file Gokapi would no
// longer serve (expired, out of downloads, pending deletion), one whose bytes are elsewhere (a bucket) or that only
// its uploader's browser can open (Gokapi's end-to-end encryption, which is not Ferry's age), one whose password
// Ferry could not check (served without it, it would be open to anyone).
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_LOGIN } from '../../domain/passwords.js';
import { isWellFormedId } from '../../model/ids.js';
import { decodeGob, GobError } from '../gob.js';
import { derivedId } from '../ids.js';
import type { SourceUpload } from '../source.js';
import type { GokapiSecrets } from './config.js';
import { ferryHashOf } from './passwords.js';
import { fileKeyOf, sioDecryptor } from './sio.js';

export interface FileContext {
  filesDir: string;
  secrets: GokapiSecrets;
  /** Ferry's user id of each imported Gokapi user, by Gokapi's id. */
  owners: Map<number, string>;
  /** The hotlink id of each hotlinked file, by the file's id. */
  hotlinks: Map<string, string>;
  now: number;
}

/** internal/models/FileList.go's EncryptionInfo, as the row keeps it (gob). */
interface EncryptionInfo {
  IsEncrypted?: boolean;
  IsEndToEndEncrypted?: boolean;
  DecryptionKey?: Buffer;
  Nonce?: Buffer;
}

export function gokapiFile(row: Record<string, unknown>, context: FileContext): SourceUpload | { skipped: string } {
  const text = (name: string) => String(row[name] ?? '');
  const count = (name: string) => Number(row[name] ?? 0);
  const id = text('Id');
  const unlimitedTime = count('UnlimitedTime') === 1;
  const unlimitedDownloads = count('UnlimitedDownloads') === 1;
  const expireAt = unlimitedTime ? null : count('ExpireAt') * 1000;
  if (count('PendingDeletion') !== 0) return { skipped: 'pending deletion in Gokapi' };
  if (expireAt !== null && expireAt <= context.now) return { skipped: 'expired' };
  if (!unlimitedDownloads && count('DownloadsRemaining') <= 0) return { skipped: 'no downloads left' };
  if (text('AwsBucket')) return { skipped: `stored in the bucket ${text('AwsBucket')}, which this import does not read` };

  let info: EncryptionInfo;
  try {
    const blob = row.Encryption;
    info = blob && (blob as Uint8Array).length > 0 ? ((decodeGob(Buffer.from(blob as Uint8Array))[0] ?? {}) as EncryptionInfo) : {};
  } catch (err) {
    if (!(err instanceof GobError)) throw err;
    return { skipped: `its encryption info cannot be read: ${err.message}` };
  }
  if (info.IsEndToEndEncrypted) {
    return { skipped: "end-to-end encrypted with Gokapi's own scheme, which only its uploader's browser opens (Ferry's e2ee is age)" };
  }
  let fileKey: Buffer | undefined;
  if (info.IsEncrypted) {
    if (!context.secrets.cipher) return { skipped: "encrypted by Gokapi, and no cipher key given (config.json's, or --gokapi-cipher)" };
    try {
      fileKey = fileKeyOf(context.secrets.cipher, info.DecryptionKey ?? Buffer.alloc(0), info.Nonce ?? Buffer.alloc(12));
    } catch (err) {
      return { skipped: (err as Error).message };
    }
  }
  let passwordHash: string | null = null;
  if (text('PasswordHash')) {
    const hash = ferryHashOf(text('PasswordHash'), context.secrets.saltFiles);
    if ('unusable' in hash) return { skipped: `password-protected with ${hash.unusable}` };
    passwordHash = hash.hash;
  }
  const bytesAt = path.join(context.filesDir, path.basename(text('SHA1')));
  if (!text('SHA1') || !existsSync(bytesAt)) return { skipped: `its bytes are not in the data folder (${text('SHA1') || 'no SHA1'})` };

  const notes: string[] = [];
  let fileId = id;
  if (!isWellFormedId(id)) {
    fileId = derivedId('gokapi', 'file', id);
    notes.push(`its id cannot be a Ferry id: it is now ${fileId}, and its old links do not work`);
  }
  // A hotlinked file's upload is named by the hotlink's id (up to its extension), which /h/ serves.
  const hotlink = context.hotlinks.get(id) ?? text('HotlinkId');
  const hotlinkStem = hotlink.split('.')[0] ?? '';
  const uploadId = hotlinkStem && isWellFormedId(hotlinkStem) ? hotlinkStem : derivedId('gokapi', 'upload', id);
  if (hotlink && uploadId !== hotlinkStem) notes.push(`its hotlink id ${hotlink} cannot be a Ferry id: the hotlink is not kept`);

  const createdAt = count('UploadDate') * 1000;
  const downloadCount = count('DownloadCount');
  const limit = unlimitedDownloads ? 0 : downloadCount + count('DownloadsRemaining');
  const owner = context.owners.get(count('UserId')) ?? null;
  return {
    sourceId: id,
    notes,
    upload: {
      id: uploadId,
      createdAt,
      expireAt,
      ttl: expireAt === null ? 0 : Math.max(0, Math.round((expireAt - createdAt) / 1000)),
      extendTtl: false,
      oneShot: false,
      removable: false,
      login: passwordHash ? DEFAULT_LOGIN : null,
      passwordHash,
      comments: '',
      userId: owner,
      remoteIp: null,
      maxDownloads: limit,
      // Gokapi hotlinks only the files it gave a hotlink.
      hotlinkProtection: !hotlink,
      downloadCount,
      downloadedBytes: 0,
      lastDownloadedAt: null,
      e2ee: '',
    },
    files: [
      {
        file: {
          id: fileId,
          name: text('Name'),
          type: text('ContentType'),
          createdAt,
          downloadLimit: limit,
          // Those already served took their slots: what is left is Gokapi's DownloadsRemaining.
          downloadsReserved: downloadCount,
          downloadsCompleted: downloadCount,
          downloadCount,
          lastDownloadedAt: null,
        },
        open: async () => {
          const bytes = createReadStream(bytesAt);
          if (!fileKey) return bytes;
          const plain = sioDecryptor(fileKey);
          bytes.on('error', (err) => plain.destroy(err));
          return bytes.pipe(plain);
        },
      },
    ],
  };
}
