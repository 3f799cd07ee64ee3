// The words of the pages the server draws, in Italian (see en.ts).
import web from '../web/it.js';
import type { PageMessages } from './en.js';

// The words the page and these pages share, and the plural forms, are the web page's.
export { plural } from '../web/it.js';

const messages: PageMessages = {
  password: web.password,
  wrongPassword: web.wrongPassword,
  download: web.download,
  files: web.files,
  downloadsLeft: web.downloadsLeft,
  downloadAllZip: web.downloadAllZip,
  passwordRequired: 'Password richiesta',
  protectedDownload: 'Questo download è protetto da password.',
  needsKey: 'Questo file è cifrato e a questo link manca la sua chiave: chiedi il link completo.',
  availableUntil: (date) => `Disponibile fino al ${date}.`,
  error: (status, message) => `Errore ${status}: ${message}`,
  goHome: (name: string) => `Vai alla pagina iniziale di ${name}`,
  waitThenRetry: (seconds) => `Attendi ${seconds} s, poi riprova.`,
  gone: {
    title: 'Niente da scaricare qui',
    advice:
      'Questo link non porta da nessuna parte, o a qualcosa che non c’è più: è scaduto, è stato eliminato, oppure era un link monouso (o con limite di download) già usato. Controlla che il link sia stato copiato per intero, o chiedine uno nuovo a chi te l’ha mandato.',
  },
  badRequest: {
    title: 'Questa richiesta non è valida',
    advice: 'Controlla che il link sia stato copiato per intero, o chiedine uno nuovo a chi te l’ha mandato.',
  },
  signInNeeded: {
    title: 'Accesso necessario',
    advice:
      'Serve una password o un account con accesso effettuato: accedi dalla pagina iniziale, o chiedi la password a chi ti ha mandato il link.',
  },
  forbidden: {
    title: 'Non consentito',
    advice:
      'Questo link o questo account non può farlo. Se pensi che dovrebbe, chiedi a chi ti ha mandato il link o all’amministratore del server.',
  },
  tooLarge: {
    title: 'Troppo grande',
    advice:
      'È più di quanto il server accetti: prova con qualcosa di più piccolo, o chiedi all’amministratore del server quali sono i limiti.',
  },
  badRange: { title: 'Fuori dal file', advice: 'La parte del file richiesta è fuori dal file: scarica di nuovo il file intero.' },
  tooMany: { title: 'Troppi tentativi', advice: 'Attendi un po’, poi riprova.' },
  full: { title: 'Il server è pieno', advice: 'Per ora non ha più spazio: riprova più tardi, o avvisa l’amministratore del server.' },
  clientError: { title: 'Non ha funzionato', advice: 'Riprova; se continua a non riuscire, chiedi a chi ti ha mandato il link.' },
  serverError: {
    title: 'Qualcosa è andato storto sul server',
    advice: 'Riprova tra un momento; se continua a succedere, avvisa l’amministratore del server.',
  },
};

export default messages;
