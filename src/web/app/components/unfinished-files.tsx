// The files of an upload made here whose tus upload stopped (a reload, a closed tab, a crash): the uploader picks
// them again, each is known by its name, size and modification time, and goes on from the offset Ferry has.
import { useEffect, useRef, useState } from 'preact/hooks';
import { tusOffer } from '../api/tus';
import type { PlikFile, PlikUpload } from '../api/types';
import { formatPercent, formatSize } from '../format';
import { t } from '../state/language';
import { forgetUnfinished, isSameFile, ownedUpload, type Unfinished, unfinishedOf } from '../state/owned-uploads';
import { config } from '../state/session';
import { sendFiles, type Transfer, uploadCredentials } from '../state/transfers';
import { Problems } from './ui';

/** The bytes Ferry has of a file still arriving through tus. */
const offsetOf = (file: PlikFile) => file.uploadOffset ?? 0;

export function UnfinishedFiles({ upload, transfers, linkSecret }: { upload: PlikUpload; transfers: Transfer[]; linkSecret?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const records = unfinishedOf(upload.id);
  const arriving = (record: Unfinished) => upload.files.find((file) => file.id === record.fileId && file.status === 'uploading');

  // A record whose file is no longer arriving (done, removed, expired) is of no more use.
  useEffect(() => {
    for (const record of records) if (!arriving(record)) forgetUnfinished(upload.id, record.fileId);
  });

  const offer = config.value ? tusOffer(config.value) : undefined;
  const owned = ownedUpload(upload.id);
  const stopped = records.filter(
    (record) => arriving(record) && !transfers.some((t) => t.fileId === record.fileId && t.status !== 'cancelled'),
  );
  if (!offer || !owned || stopped.length === 0) return null;

  const onChange = () => {
    const picked = [...(input.current?.files ?? [])];
    if (input.current) input.current.value = '';
    const unknown: string[] = [];
    const matched = picked.flatMap((blob) => {
      const record = stopped.find((r) => isSameFile(blob, r));
      if (!record) unknown.push(t().notAFileToFinish(blob.name));
      if (!record) return [];
      const sent = offsetOf(arriving(record)!);
      return [
        {
          fileId: record.fileId,
          name: record.name,
          blob,
          sent,
          route: { kind: 'tus' as const, url: record.tusUrl, chunkSize: offer.chunkSize },
        },
      ];
    });
    setProblems(unknown);
    if (matched.length > 0) sendFiles(upload.id, uploadCredentials(owned.uploadToken, linkSecret), matched);
  };

  return (
    <section class="card unfinished" aria-labelledby="unfinished-title">
      <h2 id="unfinished-title">{t().filesToFinish(stopped.length)}</h2>
      <p>{t().filesToFinishText}</p>
      <ul>
        {stopped.map((record) => {
          const sent = offsetOf(arriving(record)!);
          const percent = record.size > 0 ? Math.floor((sent / record.size) * 100) : 0;
          return (
            <li key={record.fileId}>
              <span class="file-name">{record.name}</span>{' '}
              <span class="file-meta">{t().sentSoFar(formatPercent(percent), formatSize(sent), formatSize(record.size))}</span>
            </li>
          );
        })}
      </ul>
      <Problems problems={problems} />
      <button type="button" class="button primary" onClick={() => input.current?.click()}>
        {stopped.length === 1 ? t().chooseFileAgain : t().chooseFilesAgain}
      </button>
      <input ref={input} type="file" multiple hidden onChange={onChange} />
    </section>
  );
}
