// The build's JavaScript budget: weighed gzipped, over budget fails the build.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jsBudget, type LazyBudget } from '../../src/web/js-budget.js';

/** A chunk loaded on demand, as Vite describes one: its code and the module it was made from. */
interface LazyChunk {
  code: string;
  facadeModuleId: string;
}

/** Runs the plugin's generateBundle on chunks of the given code, as Vite would at the end of a build. */
function weigh(
  maxBytes: number,
  chunks: Record<string, string>,
  assets: Record<string, string> = {},
  lazy: LazyBudget[] = [],
  lazyChunks: Record<string, LazyChunk> = {},
  separate: Record<string, number> = {},
) {
  const messages: string[] = [];
  const context = {
    info: (message: string) => void messages.push(message),
    error: (message: string) => {
      throw new Error(message);
    },
  };
  const bundle = {
    ...Object.fromEntries(Object.entries(chunks).map(([name, code]) => [name, { type: 'chunk', code }])),
    ...Object.fromEntries(Object.entries(assets).map(([name, source]) => [name, { type: 'asset', source }])),
    ...Object.fromEntries(
      Object.entries(lazyChunks).map(([name, chunk]) => [name, { type: 'chunk', isDynamicEntry: true, fileName: name, ...chunk }]),
    ),
    // An entry of its own (the service worker), named as in build.rolldownOptions.input.
    ...Object.fromEntries(
      Object.keys(separate).map((name) => [`${name}.js`, { type: 'chunk', isEntry: true, name, code: chunks[`${name}.js`] ?? '' }]),
    ),
  };
  const hook = jsBudget(maxBytes, lazy, separate).generateBundle as (this: typeof context, options: unknown, bundle: unknown) => void;
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

  const catalogues: LazyBudget[] = [{ name: 'language catalogue', modules: /\/i18n\/web\//, maxBytes: 5 * 1024 }];
  const incompressible = (kb: number) => randomBytes(kb * 1024).toString('base64');

  it('weighs each lazily loaded part against its own budget, apart from the page', () => {
    const messages = weigh(10 * 1024, { 'index.js': incompressible(8) }, {}, catalogues, {
      'fr.js': { code: incompressible(4), facadeModuleId: '/src/i18n/web/fr.ts' },
      'de.js': { code: incompressible(3), facadeModuleId: '/src/i18n/web/de.ts' },
    });
    expect(messages).toEqual([
      expect.stringMatching(
        /^JavaScript: 8\.\d KB gzipped \(budget 10 KB\); language catalogue: at most 4\.\d KB each \(budget 5\.0 KB\)$/,
      ),
    ]);
  });

  it('fails a build with a lazily loaded part over its budget, naming it', () => {
    expect(() =>
      weigh(10 * 1024, { 'index.js': 'export {};' }, {}, catalogues, {
        'ru.js': { code: incompressible(6), facadeModuleId: '/src/i18n/web/ru.ts' },
      }),
    ).toThrow(/^over budget: language catalogue ru\.js: 6\.\d KB gzipped \(budget 5\.0 KB\)$/);
  });

  it("weighs an entry loaded apart (the service worker) against its own budget, not in the page's", () => {
    const budgets = { sw: 4 * 1024 };
    const messages = weigh(10 * 1024, { 'index.js': incompressible(4), 'sw.js': incompressible(2) }, {}, [], {}, budgets);
    expect(messages).toEqual([expect.stringMatching(/^JavaScript: 4\.\d KB gzipped \(budget 10 KB\); sw: 2\.\d KB \(budget 4\.0 KB\)$/)]);
    expect(() => weigh(10 * 1024, { 'index.js': 'export {}', 'sw.js': incompressible(5) }, {}, [], {}, budgets)).toThrow(
      /^over budget: sw: 5\.\d KB gzipped \(budget 4\.0 KB\)$/,
    );
  });
});
