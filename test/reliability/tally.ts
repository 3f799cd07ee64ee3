// What a reliability test did, counted on its vitest task so that the summary reporter can add it all up.
import type { TestContext } from 'vitest';

/** findings: issue 12's security findings, each checked by a test of the security section (security-*.reliability.ts). */
export const TALLY_KINDS = ['races', 'crashes', 'inputs', 'findings'] as const;
export type TallyKind = (typeof TALLY_KINDS)[number];

declare module 'vitest' {
  interface TaskMeta {
    tally?: Partial<Record<TallyKind, number>>;
  }
}

/** Adds `n` to this test's count of `kind` (meta travels with the test's result to the reporter). */
export function tally(context: TestContext, kind: TallyKind, n = 1): void {
  const counts = (context.task.meta.tally ??= {});
  counts[kind] = (counts[kind] ?? 0) + n;
}
