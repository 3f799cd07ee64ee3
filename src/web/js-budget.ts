// A Vite plugin that weighs the built JavaScript gzipped and fails the build when it is over budget: the page's
// own chunks all together, and each lazily loaded part (a language's catalogue...) on its own, against its budget.
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** A part loaded only when needed: each chunk whose entry module `modules` matches weighs at most `maxBytes`. */
export interface LazyBudget {
  name: string;
  modules: RegExp;
  maxBytes: number;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

export function jsBudget(maxBytes: number, lazy: LazyBudget[] = []): Plugin {
  return {
    name: 'ferry-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      let total = 0;
      const heaviest = new Map<LazyBudget, number>();
      const over: string[] = [];
      for (const item of Object.values(bundle)) {
        if (item.type !== 'chunk') continue;
        const size = gzipSync(item.code, { level: 9 }).length;
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
      this.info(summary + parts.join(''));
    },
  };
}
