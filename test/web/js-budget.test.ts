// The build's JavaScript budgets: what every page loads, and each lazily loaded part apart, weighed gzipped; a part
// over its budget, or a lazy part without one, fails the build.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jsBudget, type JsBudgets } from '../../src/web/js-budget.js';

interface TestChunk {
  code: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  name?: string;
}

/** Runs the plugin's generateBundle on these chunks, as Vite would at the end of a build. */
function weigh(budgets: JsBudgets, chunks: Record<string, TestChunk>, assets: Record<string, string> = {}) {
  const messages: string[] = [];
  const context = {
    info: (message: string) => void messages.push(message),
    error: (message: string) => {
      throw new Error(message);
    },
  };
  const bundle = {
    ...Object.fromEntries(
      Object.entries(chunks).map(([file, chunk]) => [file, { type: 'chunk', name: file.replace(/\.js$/, ''), imports: [], ...chunk }]),
    ),
    ...Object.fromEntries(Object.entries(assets).map(([name, source]) => [name, { type: 'asset', source }])),
  };
  const hook = jsBudget(budgets).generateBundle as (this: typeof context, options: unknown, bundle: unknown) => void;
  hook.call(context, {}, bundle);
  return messages;
}

const incompressible = (kib: number) => randomBytes(kib * 1024).toString('base64');

describe('jsBudget', () => {
  it('passes a build within budget and says what each part weighs', () => {
    const messages = weigh(
      { initial: 10 * 1024, lazy: { highlight: 10 * 1024 } },
      {
        'index.js': { code: 'export const a = 1;\n'.repeat(1000), isEntry: true, imports: ['shared.js'] },
        'shared.js': { code: 'export const b = 2;\n' },
        'highlight.js': { code: incompressible(4), isDynamicEntry: true, name: 'highlight', imports: ['shared.js'] },
      },
      { 'big.css': randomBytes(50_000).toString('hex') },
    );
    expect(messages).toEqual([
      expect.stringMatching(/^JavaScript gzipped: initial 0\.\d KB \(budget 10 KB\), highlight 4\.\d KB \(budget 10 KB\)$/),
    ]);
  });

  it('fails a build whose first load weighs more, its imports counted, than the budget', () => {
    const chunks = { 'a.js': { code: incompressible(5), isEntry: true, imports: ['b.js'] }, 'b.js': { code: incompressible(5) } };
    expect(() => weigh({ initial: 10 * 1024 }, chunks)).toThrow(/^over budget: JavaScript gzipped: initial 1\d\.\d KB \(budget 10 KB\)$/);
  });

  it('fails a build whose lazy part is over its own budget, or has none', () => {
    const chunks = {
      'index.js': { code: 'export {};', isEntry: true },
      'highlight.js': { code: incompressible(8), isDynamicEntry: true, name: 'highlight' },
    };
    expect(() => weigh({ initial: 100 * 1024, lazy: { highlight: 5 * 1024 } }, chunks)).toThrow(/highlight 8\.\d KB \(budget 5 KB\)$/);
    expect(() => weigh({ initial: 100 * 1024 }, chunks)).toThrow(/highlight 8\.\d KB \(budget none\)$/);
  });
});
