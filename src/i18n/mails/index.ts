// Every language's words for the emails: any recipient may read any of them.
import { ENGLISH, languageOf, type Language, type LanguageTag } from '../languages.js';
import ar from './ar.js';
import de from './de.js';
import en, { type MailWords } from './en.js';
import es from './es.js';
import fr from './fr.js';
import it from './it.js';
import ja from './ja.js';
import ko from './ko.js';
import nl from './nl.js';
import pl from './pl.js';
import pt from './pt.js';
import ru from './ru.js';
import tr from './tr.js';
import uk from './uk.js';
import zhCN from './zh-CN.js';

export type { MailWords } from './en.js';

const MAIL_WORDS: Record<LanguageTag, MailWords> = { en, fr, de, es, it, pt, nl, pl, ru, uk, 'zh-CN': zhCN, ja, ko, ar, tr };

/** The words for a recipient who prefers `tag` (a user's language, PATCH /me), and that language; English for '' or one Ferry lacks. */
export function mailWordsFor(tag: string): { language: Language; words: MailWords } {
  const language = languageOf(tag) ?? ENGLISH;
  return { language, words: MAIL_WORDS[language.tag] };
}
