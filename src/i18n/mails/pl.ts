// The words of the emails Ferry sends, in Polish (see en.ts).
import type { MailWords } from './en.js';

export { plural } from '../web/pl.js';

const messages: MailWords = {
  downloadedSubject: (name: string) => `Twój plik ${name} został pobrany`,
  downloaded: (name: string, size: string, upload: string) =>
    `Twój plik „${name}” (wysłano ${size}) z przesyłki ${upload} został właśnie pobrany.`,
  downloadedWhy: 'Otrzymujesz tę wiadomość, ponieważ poprosiłeś o powiadomienia o pobraniach tej przesyłki; wyłącz je na jej stronie.',
  sharedSubject: (sender: string) => `${sender} udostępnił Ci pliki`,
  shared: (sender: string) => `${sender} udostępnił Ci pliki w Ferry.`,
  resetSubject: 'Zresetuj hasło do Ferry',
  reset: (login: string, minutes: string) =>
    `Ktoś poprosił o zresetowanie hasła konta Ferry ${login}. Aby wybrać nowe, otwórz ten link w ciągu ${minutes} minut:`,
  resetIgnore: 'Jeśli to nie Ty, zignoruj tę wiadomość: Twoje hasło pozostaje bez zmian.',
  requestSubject: (title: string) => `Nadszedł plik dla Twojej prośby ${title}`,
  requestArrived: (from: string, file: string, size: string, title: string) =>
    `${from} wysłał „${file}” (${size}) przez Twoją prośbę „${title}”.`,
  someone: 'Ktoś',
  inviteSubject: (sender: string) => `${sender} zaprasza Cię do Ferry`,
  invite: (sender: string) =>
    `${sender} zaprasza Cię do założenia konta w Ferry, serwerze do udostępniania plików. Aby wybrać login i hasło, otwórz ten link:`,
  inviteUntil: (date: string) => `Link tworzy jedno konto, do ${date} (UTC).`,
  inviteIgnore: 'Jeśli nie wiesz, kto go wysłał, zignoruj tę wiadomość.',
};

export default messages;
