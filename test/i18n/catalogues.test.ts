// Every language's catalogues, the web page's, the server pages' and the emails', against the English ones: the same keys (none
// missing, none extra), the plural categories Intl knows for the language, and every message giving text.
import { describe, expect, it } from 'vitest';
import { acceptedLanguages, LANGUAGES, languageOf, pickLanguage } from '../../src/i18n/languages.js';
import type { Plurals, PluralCategory } from '../../src/i18n/plural.js';

interface Catalogue {
  default: Record<string, unknown>;
  plural: Plurals<PluralCategory>;
}

const load = (folder: 'web' | 'pages' | 'mails', tag: string): Promise<Catalogue> => import(`../../src/i18n/${folder}/${tag}.ts`);

/** Counts that land in every category some language has (zero, one, two, few, many, other) and fractions. */
const COUNTS = [0, 1, 2, 3, 5, 11, 21, 22, 25, 100, 101, 1_000_000, 1.5];

/** What a message says for sample values: each count for a function of numbers, a sample text for one of texts. */
function samples(message: unknown): string[] {
  if (typeof message === 'string') return [message];
  if (typeof message === 'function') {
    const source = String(message);
    const numeric = /count|max|status|seconds/.test(source.slice(0, source.indexOf('=>')));
    return numeric ? COUNTS.map((n) => message(n, n, n, n)) : [message('«a»', '«b»', '«c»', '«d»')];
  }
  if (message && typeof message === 'object') return Object.values(message).flatMap(samples);
  throw new Error(`not a message: ${String(message)}`);
}

for (const folder of ['web', 'pages', 'mails'] as const) {
  describe(`the ${folder} catalogues`, async () => {
    const english = await load(folder, 'en');
    const keysOf = (catalogue: Catalogue) =>
      Object.entries(catalogue.default).flatMap(([key, value]) =>
        value && typeof value === 'object' ? Object.keys(value).map((inner) => `${key}.${inner}`) : [key],
      );

    for (const { tag } of LANGUAGES) {
      it(`${tag}: has every key of English's and no other, the plural forms of ${tag}, and text for every message`, async () => {
        const catalogue = await load(folder, tag);
        const keys = keysOf(catalogue);
        const expected = keysOf(english);
        expect({ missing: expected.filter((key) => !keys.includes(key)), extra: keys.filter((key) => !expected.includes(key)) }).toEqual({
          missing: [],
          extra: [],
        });
        expect(catalogue.plural.locale).toBe(tag);
        expect([...catalogue.plural.categories].sort()).toEqual([...new Intl.PluralRules(tag).resolvedOptions().pluralCategories].sort());
        for (const [key, message] of Object.entries(catalogue.default)) {
          for (const text of samples(message)) {
            expect(text.trim(), key).not.toBe('');
            // A # left over is a plural form that lost its count; a ${ is a placeholder written outside a template.
            expect(text, key).not.toMatch(/#|\$\{|undefined/);
          }
        }
      });
    }
  });
}

describe('the choice of a language', () => {
  it('takes the first wanted tag Ferry speaks, by its first subtag when not exact, English when none', () => {
    expect(pickLanguage(['sv-SE', 'pt-BR', 'fr']).tag).toBe('pt');
    expect(pickLanguage(['zh-Hans-CN']).tag).toBe('zh-CN');
    expect(pickLanguage(['zh', 'ja']).tag).toBe('zh-CN');
    // Traditional Chinese is not simplified Chinese: the next wanted language is.
    expect(pickLanguage(['zh-TW', 'ja']).tag).toBe('ja');
    expect(pickLanguage(['zh-Hant-HK']).tag).toBe('en');
    expect(pickLanguage(['', 'xx']).tag).toBe('en');
    expect(pickLanguage([]).tag).toBe('en');
    expect(languageOf('AR')?.dir).toBe('rtl');
  });

  it("reads Accept-Language by weight, in the header's order between equals, without * and q=0", () => {
    expect(acceptedLanguages('fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5')).toEqual(['fr-CH', 'fr', 'en', 'de']);
    expect(acceptedLanguages('en;q=0.5, ar, ko;q=0')).toEqual(['ar', 'en']);
    expect(acceptedLanguages('de;q=0.8,ja;q=0.8')).toEqual(['de', 'ja']);
    expect(acceptedLanguages(undefined)).toEqual([]);
    expect(pickLanguage(acceptedLanguages('sv, uk;q=0.9, ru;q=0.8')).tag).toBe('uk');
  });
});
