// Activity counters: per day and scope (a user's id, or * for the server), added to atomically so that instances
// counting at once lose nothing, read back oldest first from a day on.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';

export const ACTIVITY_METHODS = ['addActivity', 'dailyActivity'] as const;

const zero = { uploads: 0, files: 0, bytesUploaded: 0, downloads: 0, bytesDownloaded: 0 };
const aScope = () => `local:activity-${randomUUID().slice(0, 8)}`;

export function activityContract(ctx: ContractContext): void {
  describe('activity counters', () => {
    it('adds to the counters of a day of each scope, from zero, the counts not given left as they are', async () => {
      const s = ctx.store();
      const [user, other] = [aScope(), aScope()];
      await s.addActivity('2030-05-01', [user, other], { uploads: 1, files: 2, bytesUploaded: 300 });
      await s.addActivity('2030-05-01', [user], { downloads: 1, bytesDownloaded: 2 ** 40 });
      expect(await s.dailyActivity(user, '2030-05-01')).toEqual([
        { ...zero, day: '2030-05-01', uploads: 1, files: 2, bytesUploaded: 300, downloads: 1, bytesDownloaded: 2 ** 40 },
      ]);
      expect(await s.dailyActivity(other, '2030-05-01')).toEqual([
        { ...zero, day: '2030-05-01', uploads: 1, files: 2, bytesUploaded: 300 },
      ]);
    });

    it('reads the days from `fromDay` on, inclusive, oldest first; days with nothing have no entry', async () => {
      const s = ctx.store();
      const scope = aScope();
      for (const day of ['2030-06-03', '2030-06-01', '2030-05-31']) await s.addActivity(day, [scope], { uploads: 1 });
      const days = async (from: string) => (await s.dailyActivity(scope, from)).map((d) => d.day);
      expect(await days('2030-06-01')).toEqual(['2030-06-01', '2030-06-03']);
      expect(await days('2030-01-01')).toEqual(['2030-05-31', '2030-06-01', '2030-06-03']);
      expect(await days('2030-06-04')).toEqual([]);
      expect(await s.dailyActivity(aScope(), '2000-01-01')).toEqual([]);
    });

    it('loses no count when many add at once to the same new day', async () => {
      const s = ctx.store();
      const [user, server] = [aScope(), aScope()];
      await Promise.all(Array.from({ length: 20 }, () => s.addActivity('2030-07-01', [user, server], { files: 1, bytesUploaded: 10 })));
      for (const scope of [user, server]) {
        expect(await s.dailyActivity(scope, '2030-07-01')).toEqual([{ ...zero, day: '2030-07-01', files: 20, bytesUploaded: 200 }]);
      }
    });
  });
}
