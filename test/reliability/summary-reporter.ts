// Prints the reliability suite's closing summary: races run, crashes survived, inputs tried, security findings
// checked, faults injected and survived (recoveries, files checked, files lost), restores from backup, failures.
import type { Reporter, TestModule } from 'vitest/node';
import { TALLY_KINDS, type TallyKind } from './tally.js';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const totals = Object.fromEntries(TALLY_KINDS.map((kind) => [kind, 0])) as Record<TallyKind, number>;
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const findings = new Set<string>();
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'failed') failed++;
        else if (state === 'passed') passed++;
        else skipped++;
        // A failed test's counts are not work survived: only passing tests add to the totals, but for the files
        // lost, which a failing test is the one to find.
        totals.lost += test.meta().tally?.lost ?? 0;
        if (state !== 'passed') continue;
        for (const kind of TALLY_KINDS) if (kind !== 'lost') totals[kind] += test.meta().tally?.[kind] ?? 0;
        for (const name of test.meta().findings ?? []) findings.add(name);
      }
    }
    console.log(
      `\nReliability summary: ${totals.races} races run, ${totals.crashes} crashes survived, ` +
        `${totals.inputs} inputs tried, ${findings.size} security findings checked, ${totals.faults} faults injected, ` +
        `${totals.recoveries} recoveries without restart, ${totals.restores} restores from backup, ` +
        `${totals.filesChecked} files checked after faults and restores, ` +
        `${totals.lost} lost files, ${failed} failures (${passed} tests passed, ${skipped} skipped)`,
    );
  }
}
