// Copies stored bytes from one data store to another, key by key, as they are at rest (encrypted files stay
// encrypted). A key the target already holds with the source's size is skipped: a store shows a key only once it
// is whole, so an interrupted migration resumes where it stopped.
import { Readable } from 'node:stream';
import type { DataKey, PersistentDataStore } from './store.js';

export type CopyOutcome = 'copied' | 'skipped' | 'missing';

export interface MigrationEvents<Key extends DataKey> {
  /** Bytes that just went to the target. */
  onBytes?(count: number): void;
  /** One key done; `error` when its copy failed. */
  onDone?(key: Key, outcome: CopyOutcome | 'failed', error?: Error): void;
}

export interface MigrationReport {
  copied: number;
  skipped: number;
  /** Keys the metadata lists but the source does not hold. */
  missing: DataKey[];
  failed: { key: DataKey; error: Error }[];
  /** Bytes written to the target. */
  bytes: number;
}

export async function migrateData<Key extends DataKey>(
  keys: AsyncIterable<Key>,
  source: PersistentDataStore,
  target: PersistentDataStore,
  { parallel = 4, onBytes, onDone }: { parallel?: number } & MigrationEvents<Key> = {},
): Promise<MigrationReport> {
  const report: MigrationReport = { copied: 0, skipped: 0, missing: [], failed: [], bytes: 0 };
  const counted = (count: number) => {
    report.bytes += count;
    onBytes?.(count);
  };
  // The workers share one iterator: each takes the next key when it is free (an async generator queues the calls).
  const iterator = keys[Symbol.asyncIterator]();
  const worker = async () => {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const key = { uploadId: next.value.uploadId, fileId: next.value.fileId };
      try {
        const outcome = await copy(key, source, target, counted);
        if (outcome === 'missing') report.missing.push(key);
        else report[outcome]++;
        onDone?.(next.value, outcome);
      } catch (err) {
        report.failed.push({ key, error: err as Error });
        onDone?.(next.value, 'failed', err as Error);
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return report;
}

async function copy(
  key: DataKey,
  source: PersistentDataStore,
  target: PersistentDataStore,
  counted: (count: number) => void,
): Promise<CopyOutcome> {
  const size = await source.size(key);
  if (size === undefined) return 'missing';
  if ((await target.size(key)) === size) return 'skipped';
  let written = 0;
  const body = await source.read(key);
  await target.write(
    key,
    Readable.from(
      (async function* () {
        for await (const chunk of body) {
          written += (chunk as Buffer).length;
          counted((chunk as Buffer).length);
          yield chunk as Buffer;
        }
      })(),
      { objectMode: false },
    ),
  );
  // The source changed while it was read; the next run sees the sizes differ and copies it again.
  if (written !== size) throw new Error(`read ${written} bytes where the source held ${size}`);
  // What the target says it holds, not what was sent to it.
  const held = await target.size(key);
  if (held !== size) throw new Error(`the target holds ${held ?? 'no'} bytes where ${size} were written`);
  return 'copied';
}
