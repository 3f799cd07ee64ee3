// Ferry's paged lists (/me/uploads, /me/token, /users, /uploads): one page at a time, and a table of uploads.
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import type { Paged, PlikUpload } from '../api/types';
import { listedFiles } from '../files';
import { expiryText, formatDate, formatSize } from '../format';
import { Link } from './ui';

export interface PagedList<T> {
  page: Paged<T> | null;
  error: string;
  offset: number;
  limit: number;
  setOffset: (offset: number) => void;
  reload: () => void;
}

export function usePaged<T>(path: string, limit = 10): PagedList<T> {
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Paged<T> | null>(null);
  const [error, setError] = useState('');
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let current = true;
    api<Paged<T>>(path, { query: { offset, limit } }).then(
      (answer) => {
        if (!current) return;
        setPage(answer);
        setError('');
      },
      (err) => current && setError(messageOf(err)),
    );
    return () => {
      current = false;
    };
  }, [path, offset, limit, version]);
  return { page, error, offset, limit, setOffset, reload: () => setVersion((v) => v + 1) };
}

/** Previous/next under a paged list, and how many pages the list's total makes; nothing while it fits on one page. */
export function Pager({ list, label }: { list: PagedList<unknown>; label: string }) {
  const { offset, limit, setOffset } = list;
  const hasMore = Boolean(list.page?.after);
  if (offset === 0 && !hasMore) return null;
  const pages = list.page ? Math.max(1, Math.ceil(list.page.total / limit)) : undefined;
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" class="button small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - limit))}>
        Previous
      </button>
      <span>
        Page {Math.floor(offset / limit) + 1}
        {pages !== undefined && ` of ${pages}`}
      </span>
      <button type="button" class="button small" disabled={!hasMore} onClick={() => setOffset(offset + limit)}>
        Next
      </button>
    </nav>
  );
}

/** How the usage numbers (/me/stats, /stats) count uploads, said where they are shown. */
export const UPLOADS_COUNTED = 'Uploads count while they hold a file: one downloaded to its limit, or emptied, holds nothing.';

/** Files an upload still holds (uploaded, or on their way), as the usage numbers count them. */
const held = (upload: PlikUpload) => upload.files.filter((file) => file.status === 'uploaded' || file.status === 'uploading');

export function UploadTable({
  uploads,
  showOwner,
  onDelete,
  caption,
}: {
  uploads: PlikUpload[];
  showOwner?: boolean;
  onDelete: (upload: PlikUpload) => void;
  caption: string;
}) {
  if (uploads.length === 0) return <p class="empty">No uploads.</p>;
  return (
    <div class="table-wrap">
      <table class="with-actions">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Upload</th>
            {showOwner && <th scope="col">User</th>}
            <th scope="col">Files</th>
            <th scope="col">Size</th>
            <th scope="col">Created</th>
            <th scope="col">Expiry</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {uploads.map((upload) => {
            const files = listedFiles(upload);
            const holds = held(upload);
            const gone = files.filter((file) => file.status === 'removed' || file.status === 'deleted').length;
            return (
              <tr key={upload.id}>
                <td>
                  <Link to={`/d?id=${encodeURIComponent(upload.id)}`}>{files[0]?.fileName ?? upload.id}</Link>
                  {files.length > 1 && <span class="hint"> and {files.length - 1} more</span>}
                </td>
                {showOwner && <td>{upload.user || 'anonymous'}</td>}
                <td>
                  {holds.length}
                  {gone > 0 && <span class="hint"> ({gone} downloaded or removed)</span>}
                </td>
                <td>{formatSize(holds.reduce((sum, file) => sum + file.fileSize, 0))}</td>
                <td>{formatDate(upload.createdAt)}</td>
                <td>{expiryText(upload.expireAt)}</td>
                <td>
                  <button
                    type="button"
                    class="button small danger"
                    onClick={() => onDelete(upload)}
                    aria-label={`Delete upload ${upload.id}`}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Deletes an upload after asking, then refreshes the list. */
export async function deleteUpload(upload: PlikUpload, list: { reload: () => void }, onError: (message: string) => void): Promise<void> {
  if (!confirm(`Delete upload ${upload.id} and its files?`)) return;
  try {
    await api(`upload/${encodeURIComponent(upload.id)}`, { method: 'DELETE' });
    list.reload();
  } catch (err) {
    onError(messageOf(err));
  }
}
