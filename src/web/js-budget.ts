// A Vite plugin that weighs the built JavaScript gzipped and fails the build when it is over budget. Lazily loaded
// chunks named in `lazy` (their module's name, e.g. "age" for e2ee/age.ts) have budgets of their own and are not
// counted in the page's; a named chunk missing from the build fails it too, so that a rename cannot slip through.
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export function jsBudget(maxBytes: number, lazy: Record<string, number> = {}): Plugin {
  return {
    name: 'ferry-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      let total = 0;
      const lazyTotals = new Map<string, number>();
      for (const item of Object.values(bundle)) {
        if (item.type !== 'chunk') continue;
        const size = gzipSync(item.code, { level: 9 }).length;
        if (item.isDynamicEntry && item.name in lazy) lazyTotals.set(item.name, (lazyTotals.get(item.name) ?? 0) + size);
        else total += size;
      }
      const kb = (bytes: number) => (bytes / 1024).toFixed(1);
      const budgetKb = (bytes: number) => (bytes / 1024).toFixed(0);
      const summary = `JavaScript: ${kb(total)} KB gzipped (budget ${budgetKb(maxBytes)} KB)`;
      if (total > maxBytes) this.error(`over budget: ${summary}`);
      this.info(summary);
      for (const [name, budget] of Object.entries(lazy)) {
        const size = lazyTotals.get(name);
        if (size === undefined) this.error(`no lazily loaded chunk "${name}" to weigh: its budget names nothing`);
        const line = `lazy chunk ${name}: ${kb(size)} KB gzipped (budget ${budgetKb(budget)} KB)`;
        if (size > budget) this.error(`over budget: ${line}`);
        this.info(line);
      }
    },
  };
}
