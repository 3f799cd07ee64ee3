// The build's JavaScript budget: weighed gzipped, over budget fails the build.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jsBudget } from '../../src/web/js-budget.js';

/** A chunk's code, and whether it is a lazily loaded one (import()) of that module name. */
type Chunk = string | { code: string; lazyName: string };

/** Runs the plugin's generateBundle on chunks of the given code, as Vite would at the end of a build. */
function weigh(maxBytes: number, chunks: Record<string, Chunk>, assets: Record<string, string> = {}, lazy: Record<string, number> = {}) {
  const messages: string[] = [];
  const context = {
    info: (message: string) => void messages.push(message),
    error: (message: string) => {
      throw new Error(message);
    },
  };
  const bundle = {
    ...Object.fromEntries(
      Object.entries(chunks).map(([file, chunk]) => [
        file,
        typeof chunk === 'string'
          ? { type: 'chunk', code: chunk, name: file.replace(/\.js$/, ''), isDynamicEntry: false }
          : { type: 'chunk', code: chunk.code, name: chunk.lazyName, isDynamicEntry: true },
      ]),
    ),
    ...Object.fromEntries(Object.entries(assets).map(([name, source]) => [name, { type: 'asset', source }])),
  };
  const hook = jsBudget(maxBytes, lazy).generateBundle as (this: typeof context, options: unknown, bundle: unknown) => void;
  hook.call(context, {}, bundle);
  return messages;
}

describe('jsBudget', () => {
  it('passes a build within budget and says what it weighs', () => {
    const messages = weigh(
      10 * 1024,
      { 'index.js': 'export const a = 1;\n'.repeat(1000) },
      { 'big.css': randomBytes(50_000).toString('hex') },
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^JavaScript: 0\.\d KB gzipped \(budget 10 KB\)$/);
  });

  it('fails a build whose chunks weigh more, all together, than the budget', () => {
    const incompressible = () => randomBytes(6 * 1024).toString('base64');
    expect(() => weigh(10 * 1024, { 'a.js': incompressible(), 'b.js': incompressible() })).toThrow(
      /^over budget: JavaScript: 1\d\.\d KB gzipped \(budget 10 KB\)$/,
    );
  });

  it('weighs lazily loaded chunks apart, each against its own budget', () => {
    const incompressible = (kb: number) => randomBytes(kb * 1024).toString('base64');
    const chunks = { 'index.js': incompressible(6), 'age-x1.js': { code: incompressible(12), lazyName: 'age' } };
    const messages = weigh(10 * 1024, chunks, {}, { age: 20 * 1024 });
    expect(messages).toEqual([
      expect.stringMatching(/^JavaScript: [6-9]\.\d KB gzipped \(budget 10 KB\)$/),
      expect.stringMatching(/^lazy chunk age: 1\d\.\d KB gzipped \(budget 20 KB\)$/),
    ]);
    expect(() => weigh(10 * 1024, chunks, {}, { age: 5 * 1024 })).toThrow(
      /^over budget: lazy chunk age: 1\d\.\d KB gzipped \(budget 5 KB\)$/,
    );
    // Counted with the page when it has no budget of its own.
    expect(() => weigh(10 * 1024, chunks)).toThrow(/^over budget: JavaScript/);
  });

  it('fails a build that lacks a chunk its budgets name', () => {
    expect(() => weigh(10 * 1024, { 'index.js': 'export {}' }, {}, { age: 5 * 1024 })).toThrow(/no lazily loaded chunk "age"/);
  });
});
