// The language of a page the server draws: the first of the browser's (Accept-Language) that Ferry speaks.
import type { FastifyRequest } from 'fastify';
import { around } from '../i18n/around.js';
import { acceptedLanguages, type Language, pickLanguage } from '../i18n/languages.js';
import { PAGE_MESSAGES, type PageMessages } from '../i18n/pages/index.js';

/**
 * What a page's template sees of its language: `it.lang`, `it.dir`, its words as `it.t`, and `it.around` to put
 * markup of its own around a message's value (`it.around(it.t.availableUntil)` is the text before and after it).
 */
export interface PageLanguage {
  lang: string;
  dir: Language['dir'];
  t: PageMessages;
  around: typeof around;
}

export function pageLanguageOf(language: Language): PageLanguage {
  return { lang: language.tag, dir: language.dir, t: PAGE_MESSAGES[language.tag], around };
}

export const pageLanguage = (request: FastifyRequest): PageLanguage =>
  pageLanguageOf(pickLanguage(acceptedLanguages(request.headers['accept-language'])));

/** A moment as the page's language writes it, in UTC: "1 March 2026, 14:00 UTC". */
export const pageDate = (date: Date, { lang }: PageLanguage): string =>
  new Intl.DateTimeFormat(lang, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  }).format(date);
