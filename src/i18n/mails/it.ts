// The words of the emails Ferry sends, in Italian (see en.ts).
import type { MailWords } from './en.js';

export { plural } from '../web/it.js';

const messages: MailWords = {
  downloadedSubject: (name: string) => `Il tuo file ${name} è stato scaricato`,
  downloaded: (name: string, size: string, upload: string) =>
    `Il tuo file «${name}» (${size} inviati) del caricamento ${upload} è appena stato scaricato.`,
  downloadedWhy:
    'Ricevi questa email perché hai chiesto di essere avvisato dei download di questo caricamento; disattivalo dalla sua pagina.',
  sharedSubject: (sender: string) => `${sender} ha condiviso dei file con te`,
  shared: (sender: string) => `${sender} ha condiviso dei file con te su Ferry.`,
  resetSubject: 'Reimposta la tua password di Ferry',
  reset: (login: string, minutes: string) =>
    `Qualcuno ha chiesto di reimpostare la password dell’account Ferry ${login}. Per sceglierne una nuova, apri questo link entro ${minutes} minuti:`,
  resetIgnore: 'Se non sei stato tu, ignora questa email: la tua password resta invariata.',
  requestSubject: (title: string) => `È arrivato un file per la tua richiesta ${title}`,
  requestArrived: (from: string, file: string, size: string, title: string) =>
    `${from} ha inviato «${file}» (${size}) tramite la tua richiesta «${title}».`,
  someone: 'Qualcuno',
  inviteSubject: (sender: string) => `${sender} ti invita su Ferry`,
  invite: (sender: string) =>
    `${sender} ti invita a creare un account su Ferry, un server di condivisione file. Per scegliere nome utente e password, apri questo link:`,
  inviteUntil: (date: string) => `Il link crea un solo account, fino al ${date} (UTC).`,
  inviteIgnore: 'Se non sai chi l’ha inviato, ignora questa email.',
};

export default messages;
