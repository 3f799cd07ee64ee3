// Uploads and files between their rows and the model's records: both entities read and write both tables.
import type { Selectable } from 'kysely';
import type { E2eeScheme, EncryptionMode, FileStatus, Upload, UploadFile } from '../../model/model.js';
import type { FilesTable, UploadsTable } from '../tables.js';

const flag = (value: boolean) => (value ? 1 : 0);
export const optionalNumber = (value: number | string | null) => (value === null ? null : Number(value));

export function uploadRow(u: Upload): UploadsTable {
  return {
    id: u.id,
    created_at: u.createdAt,
    expire_at: u.expireAt,
    ttl: u.ttl,
    extend_ttl: flag(u.extendTtl),
    one_shot: flag(u.oneShot),
    stream: flag(u.stream),
    removable: flag(u.removable),
    login: u.login,
    password_hash: u.passwordHash,
    comments: u.comments,
    upload_token: u.uploadTokenHash,
    user_id: u.userId,
    token_id: u.tokenId,
    remote_ip: u.remoteIp,
    deleted_at: null,
    max_downloads: u.maxDownloads,
    encryption: u.encryption,
    key_check: u.keyCheck,
    hotlink_protection: flag(u.hotlinkProtection),
    download_count: u.downloadCount,
    downloaded_bytes: u.downloadedBytes,
    last_downloaded_at: u.lastDownloadedAt,
    e2ee: u.e2ee,
  };
}

export function toUpload(r: Selectable<UploadsTable>): Upload {
  return {
    id: r.id,
    createdAt: Number(r.created_at),
    expireAt: optionalNumber(r.expire_at),
    ttl: r.ttl,
    extendTtl: r.extend_ttl === 1,
    oneShot: r.one_shot === 1,
    stream: r.stream === 1,
    removable: r.removable === 1,
    login: r.login,
    passwordHash: r.password_hash,
    comments: r.comments,
    uploadTokenHash: r.upload_token,
    userId: r.user_id,
    tokenId: r.token_id,
    remoteIp: r.remote_ip,
    maxDownloads: r.max_downloads,
    encryption: r.encryption as EncryptionMode,
    keyCheck: r.key_check,
    hotlinkProtection: r.hotlink_protection === 1,
    downloadCount: Number(r.download_count),
    downloadedBytes: Number(r.downloaded_bytes),
    lastDownloadedAt: optionalNumber(r.last_downloaded_at),
    e2ee: r.e2ee as E2eeScheme,
  };
}

export function fileRow(f: UploadFile): FilesTable {
  return {
    id: f.id,
    upload_id: f.uploadId,
    name: f.name,
    type: f.type,
    size: f.size,
    status: f.status,
    md5: f.md5,
    reference: f.reference,
    created_at: f.createdAt,
    download_limit: f.downloadLimit,
    downloads_reserved: f.downloadsReserved,
    downloads_completed: f.downloadsCompleted,
    blob_hash: f.blobHash,
    reserved_at: null,
    download_count: f.downloadCount,
    last_downloaded_at: f.lastDownloadedAt,
  };
}

export function toFile(r: Selectable<FilesTable>): UploadFile {
  return {
    id: r.id,
    uploadId: r.upload_id,
    name: r.name,
    type: r.type,
    size: Number(r.size),
    status: r.status as FileStatus,
    md5: r.md5,
    reference: r.reference,
    createdAt: Number(r.created_at),
    downloadLimit: r.download_limit,
    downloadsReserved: r.downloads_reserved,
    downloadsCompleted: r.downloads_completed,
    blobHash: r.blob_hash,
    downloadCount: Number(r.download_count),
    lastDownloadedAt: optionalNumber(r.last_downloaded_at),
  };
}
