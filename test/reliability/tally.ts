// What a reliability test did, counted on its vitest task so that the summary reporter can add it all up. The fault
// tests count faults injected (a store stopped, an instance killed), recoveries (service back without a restart of
// Ferry), files checked after a fault, and lost files: told whole, then not served whole. The backup drill counts
// the restores it made and checked.
import type { TestContext } from 'vitest';

export const TALLY_KINDS = ['races', 'crashes', 'inputs', 'faults', 'recoveries', 'filesChecked', 'lost', 'restores'] as const;
export type TallyKind = (typeof TALLY_KINDS)[number];

declare module 'vitest' {
  interface TaskMeta {
    tally?: Partial<Record<TallyKind, number>>;
    /** The security findings this test checks, by name: several tests may check one, which counts once. */
    findings?: string[];
  }
}

/** Adds `n` to this test's count of `kind` (meta travels with the test's result to the reporter). */
export function tally(context: TestContext, kind: TallyKind, n = 1): void {
  const counts = (context.task.meta.tally ??= {});
  counts[kind] = (counts[kind] ?? 0) + n;
}

/** Records that this test checks the security finding `name` (issue 12's review): the summary counts each name once. */
export function finding(context: TestContext, name: string): void {
  (context.task.meta.findings ??= []).push(name);
}
