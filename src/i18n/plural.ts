// Plural forms as each language has them (Intl.PluralRules): a catalogue declares its language's categories once,
// and every plural message of it must then give each of them, or it does not compile.

export type PluralCategory = Intl.LDMLPluralRule;

export interface Plurals<C extends PluralCategory> {
  /** The form of `count` among `forms`, its `#` replaced by the count as the language writes numbers. */
  (count: number, forms: Record<C, string>): string;
  readonly locale: string;
  /** What the catalogue declares; a test holds it to Intl's own list for the locale. */
  readonly categories: readonly C[];
}

export function plurals<C extends PluralCategory>(locale: string, categories: readonly C[]): Plurals<C> {
  const rules = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const pick = (count: number, forms: Record<C, string>) => {
    const form = forms[rules.select(count) as C] ?? forms['other' as C];
    return form.replaceAll('#', numbers.format(count));
  };
  return Object.assign(pick, { locale, categories });
}
