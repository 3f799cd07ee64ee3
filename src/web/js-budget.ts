// A Vite plugin that weighs the built JavaScript gzipped and fails the build when it is over budget: the page's
// own chunks all together, each lazily loaded part (a language's catalogue...) on its own, and each entry that loads
// apart from the page (the service worker), all against their budgets.
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** A part loaded only when needed: each chunk whose entry module `modules` matches weighs at most `maxBytes`. */
export interface LazyBudget {
  name: string;
  modules: RegExp;
  maxBytes: number;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** `separate`: by entry name (build.rolldownOptions.input), the budget of that entry's chunk, not in the page's. */
export function jsBudget(maxBytes: number, lazy: LazyBudget[] = [], separate: Record<string, number> = {}): Plugin {
  return {
    name: 'ferry-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      let total = 0;
      const heaviest = new Map<LazyBudget, number>();
      const entries = new Map<string, number>();
      const over: string[] = [];
      for (const item of Object.values(bundle)) {
        if (item.type !== 'chunk') continue;
        const size = gzipSync(item.code, { level: 9 }).length;
        if (item.isEntry && item.name in separate) {
          entries.set(item.name, size);
          if (size > separate[item.name]!) over.push(`${item.name}: ${kb(size)} KB gzipped (budget ${kb(separate[item.name]!)} KB)`);
          continue;
        }
        const part = item.isDynamicEntry ? lazy.find((budget) => budget.modules.test(item.facadeModuleId ?? '')) : undefined;
        if (!part) {
          total += size;
          continue;
        }
        heaviest.set(part, Math.max(heaviest.get(part) ?? 0, size));
        if (size > part.maxBytes) over.push(`${part.name} ${item.fileName}: ${kb(size)} KB gzipped (budget ${kb(part.maxBytes)} KB)`);
      }
      const summary = `JavaScript: ${kb(total)} KB gzipped (budget ${(maxBytes / 1024).toFixed(0)} KB)`;
      if (total > maxBytes) over.unshift(summary);
      if (over.length > 0) this.error(`over budget: ${over.join('; ')}`);
      const parts = [...heaviest].map(([part, size]) => `; ${part.name}: at most ${kb(size)} KB each (budget ${kb(part.maxBytes)} KB)`);
      const apart = [...entries].map(([name, size]) => `; ${name}: ${kb(size)} KB (budget ${kb(separate[name]!)} KB)`);
      this.info(summary + parts.join('') + apart.join(''));
    },
  };
}
