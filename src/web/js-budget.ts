// A Vite plugin that weighs the built JavaScript gzipped and fails the build when it is over budget.
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export function jsBudget(maxBytes: number): Plugin {
  return {
    name: 'ferry-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      let total = 0;
      for (const item of Object.values(bundle)) {
        if (item.type === 'chunk') total += gzipSync(item.code, { level: 9 }).length;
      }
      const summary = `JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (budget ${(maxBytes / 1024).toFixed(0)} KB)`;
      if (total > maxBytes) this.error(`over budget: ${summary}`);
      this.info(summary);
    },
  };
}
