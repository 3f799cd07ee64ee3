// The words of the emails Ferry sends, in German (see en.ts).
import type { MailWords } from './en.js';

export { plural } from '../web/de.js';

const messages: MailWords = {
  downloadedSubject: (name: string) => `Ihre Datei ${name} wurde heruntergeladen`,
  downloaded: (name: string, size: string, upload: string) =>
    `Ihre Datei „${name}“ (${size} gesendet) aus dem Upload ${upload} wurde soeben heruntergeladen.`,
  downloadedWhy:
    'Sie erhalten diese E-Mail, weil Sie über Downloads dieses Uploads informiert werden wollten; schalten Sie es auf seiner Seite ab.',
  sharedSubject: (sender: string) => `${sender} hat Dateien mit Ihnen geteilt`,
  shared: (sender: string) => `${sender} hat auf Ferry Dateien mit Ihnen geteilt.`,
  resetSubject: 'Setzen Sie Ihr Ferry-Passwort zurück',
  reset: (login: string, minutes: string) =>
    `Jemand hat verlangt, das Passwort des Ferry-Kontos ${login} zurückzusetzen. Um ein neues zu wählen, öffnen Sie diesen Link innerhalb von ${minutes} Minuten:`,
  resetIgnore: 'Wenn Sie es nicht waren, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.',
  requestSubject: (title: string) => `Eine Datei ist für Ihre Anfrage ${title} eingetroffen`,
  requestArrived: (from: string, file: string, size: string, title: string) =>
    `${from} hat „${file}“ (${size}) über Ihre Anfrage „${title}“ gesendet.`,
  someone: 'Jemand',
  inviteSubject: (sender: string) => `${sender} lädt Sie zu Ferry ein`,
  invite: (sender: string) =>
    `${sender} lädt Sie ein, ein Konto auf Ferry anzulegen, einem Server zum Teilen von Dateien. Um Ihren Benutzernamen und Ihr Passwort zu wählen, öffnen Sie diesen Link:`,
  inviteUntil: (date: string) => `Der Link legt ein einziges Konto an, bis ${date} (UTC).`,
  inviteIgnore: 'Wenn Sie nicht wissen, wer ihn gesendet hat, ignorieren Sie diese E-Mail.',
};

export default messages;
