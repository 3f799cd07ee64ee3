// The emails Ferry sends, each as plain text and HTML with the same words, in the recipient's language (a user's
// own preference; for an address that is no user's, the sender's). Every value from a user (names, file names, a
// message) goes into the HTML escaped.
import type { Language } from '../i18n/languages.js';
import { mailWordsFor, type MailWords } from '../i18n/mails/index.js';
import { formatSize } from './sizes.js';

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

type Body = Omit<MailMessage, 'to'>;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Paragraphs of text (a link alone on its line becomes a link in the HTML), the HTML marked with its language. */
function bodyOf(language: Language, subject: string, paragraphs: string[]): Body {
  const html = paragraphs
    .map((p) =>
      /^https?:\/\/\S+$/.test(p)
        ? `<p><a href="${escapeHtml(p)}">${escapeHtml(p)}</a></p>`
        : `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`,
    )
    .join('\n');
  return {
    subject,
    text: `${paragraphs.join('\n\n')}\n`,
    html: `<!doctype html>\n<html lang="${language.tag}" dir="${language.dir}"><body>\n${html}\n</body></html>\n`,
  };
}

/** A message in the language `tag` names (English for '' or one Ferry does not speak). */
function inLanguage(tag: string, write: (words: MailWords, locale: string) => { subject: string; paragraphs: string[] }): Body {
  const { language, words } = mailWordsFor(tag);
  const { subject, paragraphs } = write(words, language.tag);
  return bodyOf(language, subject, paragraphs);
}

export function fileDownloadedMail(
  language: string,
  file: { name: string; bytes: number; uploadId: string },
  link: string | undefined,
): Body {
  return inLanguage(language, (w) => ({
    subject: w.downloadedSubject(file.name),
    paragraphs: [w.downloaded(file.name, formatSize(file.bytes), file.uploadId), ...(link ? [link] : []), w.downloadedWhy],
  }));
}

export function sharedUploadMail(language: string, sender: string, link: string, message: string): Body {
  return inLanguage(language, (w) => ({
    subject: w.sharedSubject(sender),
    paragraphs: [w.shared(sender), ...(message ? [message] : []), link],
  }));
}

export function passwordResetMail(language: string, login: string, link: string, validMinutes: number): Body {
  return inLanguage(language, (w) => ({
    subject: w.resetSubject,
    paragraphs: [w.reset(login, String(validMinutes)), link, w.resetIgnore],
  }));
}

/** For the file requests' `request.received`. */
export function requestFileArrivedMail(
  language: string,
  request: { title: string; fileName: string; size: number; from: string },
  link: string,
): Body {
  return inLanguage(language, (w) => ({
    subject: w.requestSubject(request.title),
    paragraphs: [w.requestArrived(request.from || w.someone, request.fileName, formatSize(request.size), request.title), link],
  }));
}

/** An invitation to make an account; `note`, the inviter's own words, if any. */
export function invitationMail(language: string, sender: string, link: string, expireAt: number, note: string): Body {
  return inLanguage(language, (w, locale) => {
    const until = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(expireAt);
    return {
      subject: w.inviteSubject(sender),
      paragraphs: [w.invite(sender), link, ...(note ? [note] : []), w.inviteUntil(until), w.inviteIgnore],
    };
  });
}
