// The languages Ferry's pages speak, and how a list of wanted ones (Accept-Language, navigator.languages, a saved
// preference) picks one of them. Shared by the pages the server draws and the web page.

/** Each language: its tag (BCP 47, as PATCH /me keeps it), its name in itself (the switcher's), its direction. */
export const LANGUAGES = [
  { tag: 'en', name: 'English', dir: 'ltr' },
  { tag: 'fr', name: 'Français', dir: 'ltr' },
  { tag: 'de', name: 'Deutsch', dir: 'ltr' },
  { tag: 'es', name: 'Español', dir: 'ltr' },
  { tag: 'it', name: 'Italiano', dir: 'ltr' },
  { tag: 'pt', name: 'Português', dir: 'ltr' },
  { tag: 'nl', name: 'Nederlands', dir: 'ltr' },
  { tag: 'pl', name: 'Polski', dir: 'ltr' },
  { tag: 'ru', name: 'Русский', dir: 'ltr' },
  { tag: 'uk', name: 'Українська', dir: 'ltr' },
  { tag: 'zh-CN', name: '简体中文', dir: 'ltr' },
  { tag: 'ja', name: '日本語', dir: 'ltr' },
  { tag: 'ko', name: '한국어', dir: 'ltr' },
  { tag: 'ar', name: 'العربية', dir: 'rtl' },
  { tag: 'tr', name: 'Türkçe', dir: 'ltr' },
] as const;

export type Language = (typeof LANGUAGES)[number];
export type LanguageTag = Language['tag'];

export const ENGLISH: Language = LANGUAGES[0];

/** Chinese written in traditional characters (its script, or the regions that use it) is not simplified Chinese. */
const TRADITIONAL_CHINESE = /^zh-(?:hant|tw|hk|mo)(?:-|$)/;

/** The language a tag asks for: the same tag, else its first subtag ("pt-BR" is Portuguese), else none. */
export function languageOf(tag: string): Language | undefined {
  const wanted = tag.trim().toLowerCase();
  if (wanted === '') return undefined;
  const exact = LANGUAGES.find((language) => language.tag.toLowerCase() === wanted);
  if (exact) return exact;
  if (TRADITIONAL_CHINESE.test(wanted)) return undefined;
  const primary = wanted.split('-')[0];
  return LANGUAGES.find((language) => language.tag.split('-')[0] === primary);
}

/** The first of the wanted tags, in order, that Ferry speaks; English when none. */
export function pickLanguage(wanted: readonly string[]): Language {
  for (const tag of wanted) {
    const language = languageOf(tag);
    if (language) return language;
  }
  return ENGLISH;
}

/** An Accept-Language header's tags, most wanted first ("fr-CH, fr;q=0.9, en;q=0.8"); q=0 and "*" left out. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';').map((piece) => piece.trim());
      const q = params.find((param) => /^q=/i.test(param));
      return { tag, index, weight: q ? Number(q.slice(2)) : 1 };
    })
    .filter(({ tag, weight }) => tag !== '' && tag !== '*' && weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map(({ tag }) => tag);
}
