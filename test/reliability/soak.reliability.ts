// The soak (bench/soak, `npm run soak` for its 20 minutes) for 3 minutes, on the sources: Ferry on SQLite + disk and
// on PostgreSQL + S3 under the mixed load, no 5xx, no failed operation, nothing sampled growing over the second half.
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak/run.js';
import { missingDatabaseServer } from '../helpers/database-server.js';

const missing = missingDatabaseServer('postgres');

describe('a 3-minute soak', () => {
  it.skipIf(missing)(
    'answers no 5xx and grows nothing without bound, on SQLite + disk and PostgreSQL + S3',
    { timeout: 600_000 },
    async (context) => {
      const results = await runSoak({ minutes: 3, everySeconds: 2, fromSource: true });
      for (const r of results) {
        context.annotate(
          `${r.stack}: ${r.totals.operations} operations, ${r.samples.length} samples, ${r.trends.map((t) => `${t.metric} rise ${t.rise.toFixed(1)}/${t.allowed.toFixed(1)}`).join(', ')}`,
        );
      }
      expect(results.map((r) => [r.stack, r.problems])).toEqual(results.map((r) => [r.stack, []]));
      for (const r of results) expect(r.samples.length).toBeGreaterThan(30);
    },
  );
});
