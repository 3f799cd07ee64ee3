// Every language's words for the pages the server draws: all of them at hand, since any request may ask for any.
import type { LanguageTag } from '../languages.js';
import en from './en.js';
import fr from './fr.js';
import de from './de.js';
import es from './es.js';
import it from './it.js';
import pt from './pt.js';
import nl from './nl.js';
import pl from './pl.js';
import ru from './ru.js';
import uk from './uk.js';
import zhCN from './zh-CN.js';
import ja from './ja.js';
import ko from './ko.js';
import ar from './ar.js';
import tr from './tr.js';
import type { PageMessages } from './en.js';

export type { PageMessages } from './en.js';

export const PAGE_MESSAGES: Record<LanguageTag, PageMessages> = {
  en,
  fr,
  de,
  es,
  it,
  pt,
  nl,
  pl,
  ru,
  uk,
  'zh-CN': zhCN,
  ja,
  ko,
  ar,
  tr,
};
