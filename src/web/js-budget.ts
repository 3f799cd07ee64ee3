// A Vite plugin that weighs the built JavaScript gzipped and fails the build when a part is over its budget: what
// every page loads (the entry and the chunks it imports), and each lazily loaded part apart (a dynamic import and
// the chunks only it brings), by its chunk's name. A lazy part without a budget fails the build too.
import { gzipSync } from 'node:zlib';
import type { Plugin, Rollup } from 'vite';

export interface JsBudgets {
  /** Bytes gzipped of what every page loads. */
  initial: number;
  /** Bytes gzipped of each lazily loaded part, by the name of the chunk it starts at (its module's file name). */
  lazy?: Record<string, number>;
}

type Chunk = Pick<Rollup.OutputChunk, 'name' | 'code' | 'isEntry' | 'isDynamicEntry' | 'imports'>;

/** The chunks `start` loads: itself and what it imports, directly or not. */
function loaded(start: string, chunks: Map<string, Chunk>, into = new Set<string>()): Set<string> {
  if (into.has(start) || !chunks.has(start)) return into;
  into.add(start);
  for (const imported of chunks.get(start)!.imports) loaded(imported, chunks, into);
  return into;
}

export function jsBudget({ initial, lazy = {} }: JsBudgets): Plugin {
  return {
    name: 'ferry-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map<string, Chunk>(
        Object.entries(bundle).filter((entry): entry is [string, Rollup.OutputChunk] => entry[1].type === 'chunk'),
      );
      const weight = (files: Iterable<string>) =>
        [...files].reduce((sum, file) => sum + gzipSync(chunks.get(file)!.code, { level: 9 }).length, 0);
      const first = new Set<string>();
      for (const [file, chunk] of chunks) if (chunk.isEntry) loaded(file, chunks, first);
      const parts: Array<{ name: string; bytes: number; budget: number | undefined }> = [
        { name: 'initial', bytes: weight(first), budget: initial },
      ];
      for (const [file, chunk] of chunks) {
        if (!chunk.isDynamicEntry || first.has(file)) continue;
        const own = [...loaded(file, chunks)].filter((part) => !first.has(part));
        const name = chunk.name;
        parts.push({ name, bytes: weight(own), budget: lazy[name] });
      }
      const kb = (bytes: number) => (bytes / 1024).toFixed(1);
      const summary = parts
        .map(
          ({ name, bytes, budget }) =>
            `${name} ${kb(bytes)} KB (budget ${budget === undefined ? 'none' : `${(budget / 1024).toFixed(0)} KB`})`,
        )
        .join(', ');
      const over = parts.filter(({ bytes, budget }) => budget === undefined || bytes > budget);
      if (over.length > 0) this.error(`over budget: JavaScript gzipped: ${summary}`);
      this.info(`JavaScript gzipped: ${summary}`);
    },
  };
}
