// The build's JavaScript budget: weighed gzipped, over budget fails the build.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jsBudget } from '../../src/web/js-budget.js';

/** Runs the plugin's generateBundle on chunks of the given code, as Vite would at the end of a build. */
function weigh(maxBytes: number, chunks: Record<string, string>, assets: Record<string, string> = {}) {
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
  };
  const hook = jsBudget(maxBytes).generateBundle as (this: typeof context, options: unknown, bundle: unknown) => void;
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
});
