// The emails Ferry sends, each as plain text and HTML with the same words. Every value from a user (names, file
// names, a message) goes into the HTML escaped.
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

/** Paragraphs of text (a link alone on its line becomes a link in the HTML). */
function bodyOf(subject: string, paragraphs: string[]): Body {
  const html = paragraphs
    .map((p) =>
      /^https?:\/\/\S+$/.test(p)
        ? `<p><a href="${escapeHtml(p)}">${escapeHtml(p)}</a></p>`
        : `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`,
    )
    .join('\n');
  return { subject, text: `${paragraphs.join('\n\n')}\n`, html: `<!doctype html>\n<html><body>\n${html}\n</body></html>\n` };
}

export function fileDownloadedMail(file: { name: string; bytes: number; uploadId: string }, link: string | undefined): Body {
  return bodyOf(`Your file ${file.name} was downloaded`, [
    `Your file "${file.name}" (${formatSize(file.bytes)} sent) of upload ${file.uploadId} was just downloaded.`,
    ...(link ? [link] : []),
    'You get this email because you asked to be told of downloads of this upload; turn it off on its page.',
  ]);
}

export function sharedUploadMail(sender: string, link: string, message: string): Body {
  return bodyOf(`${sender} shared files with you`, [`${sender} shared files with you on Ferry.`, ...(message ? [message] : []), link]);
}

export function passwordResetMail(login: string, link: string, validMinutes: number): Body {
  return bodyOf('Reset your Ferry password', [
    `Someone asked to reset the password of the Ferry account ${login}. To choose a new one, open this link within ${validMinutes} minutes:`,
    link,
    'If it was not you, ignore this email: your password stays as it is.',
  ]);
}

/** For the file requests' `request.received`. */
export function requestFileArrivedMail(request: { title: string; fileName: string; size: number; from: string }, link: string): Body {
  return bodyOf(`A file arrived for your request ${request.title}`, [
    `${request.from || 'Someone'} sent "${request.fileName}" (${formatSize(request.size)}) through your request "${request.title}".`,
    link,
  ]);
}
