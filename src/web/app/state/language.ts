// The page's language and its words: English is built in, every other catalogue is its own chunk, loaded when that
// language is chosen. Applied as <html lang dir>. The choice: the signed-in user's saved one (PATCH /me), else the
// one chosen in this browser (localStorage), else the first of the browser's languages Ferry speaks, else English.
import { batch, effect, signal } from '@preact/signals';
import { type Language, type LanguageTag, languageOf, pickLanguage } from '../../../i18n/languages';
import english, { type WebMessages } from '../../../i18n/web/en';
import { api } from '../api/client';
import type { User } from '../api/types';
import { user } from './session';

const LOADERS: Record<Exclude<LanguageTag, 'en'>, () => Promise<{ default: WebMessages }>> = {
  fr: () => import('../../../i18n/web/fr'),
  de: () => import('../../../i18n/web/de'),
  es: () => import('../../../i18n/web/es'),
  it: () => import('../../../i18n/web/it'),
  pt: () => import('../../../i18n/web/pt'),
  nl: () => import('../../../i18n/web/nl'),
  pl: () => import('../../../i18n/web/pl'),
  ru: () => import('../../../i18n/web/ru'),
  uk: () => import('../../../i18n/web/uk'),
  'zh-CN': () => import('../../../i18n/web/zh-CN'),
  ja: () => import('../../../i18n/web/ja'),
  ko: () => import('../../../i18n/web/ko'),
  ar: () => import('../../../i18n/web/ar'),
  tr: () => import('../../../i18n/web/tr'),
};

const KEY = 'ferry.language';

export const language = signal<Language>(pickLanguage([]));
const catalogue = signal<WebMessages>(english);

/** The words of the page's language; a component that reads them is drawn again when the language changes. */
export const t = (): WebMessages => catalogue.value;
/** The page's language tag, for Intl's formats. */
export const locale = (): string => language.value.tag;

async function show(next: Language): Promise<void> {
  const messages = next.tag === 'en' ? english : (await LOADERS[next.tag]()).default;
  batch(() => {
    catalogue.value = messages;
    language.value = next;
  });
  document.documentElement.lang = next.tag;
  document.documentElement.dir = next.dir;
}

/** The language to start in, once the session is known; English if its catalogue cannot be loaded. */
export async function startLanguage(): Promise<void> {
  const wanted = [user.value?.language ?? '', localStorage.getItem(KEY) ?? '', ...navigator.languages];
  await show(pickLanguage(wanted)).catch(() => undefined);
}

/** The switcher's choice: kept in the user's preferences when signed in (PATCH /me, as Ferry's JSON-answering POST /me/profile), in this browser otherwise. */
export async function chooseLanguage(next: Language): Promise<void> {
  await show(next);
  if (user.value) user.value = await api<User>('me/profile', { method: 'POST', body: { language: next.tag } });
  else localStorage.setItem(KEY, next.tag);
}

// Signing in brings the user's saved language along.
effect(() => {
  const saved = languageOf(user.value?.language ?? '');
  if (saved && saved !== language.peek()) void show(saved).catch(() => undefined);
});
