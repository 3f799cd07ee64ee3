// The words of the pages the server draws, in German (see en.ts).
import web from '../web/de.js';
import type { PageMessages } from './en.js';

// The words the page and these pages share, and the plural forms, are the web page's.
export { plural } from '../web/de.js';

const messages: PageMessages = {
  password: web.password,
  wrongPassword: web.wrongPassword,
  download: web.download,
  files: web.files,
  downloadsLeft: web.downloadsLeft,
  downloadAllZip: web.downloadAllZip,
  passwordRequired: 'Passwort erforderlich',
  protectedDownload: 'Dieser Download ist durch ein Passwort geschützt.',
  needsKey: 'Diese Datei ist verschlüsselt, und diesem Link fehlt ihr Schlüssel: Bitten Sie um den vollständigen Link.',
  availableUntil: (date) => `Verfügbar bis ${date}.`,
  error: (status, message) => `Fehler ${status}: ${message}`,
  goHome: (name: string) => `Zur Startseite von ${name}`,
  waitThenRetry: (seconds) => `Warten Sie ${seconds} s und versuchen Sie es dann erneut.`,
  gone: {
    title: 'Hier gibt es nichts herunterzuladen',
    advice:
      'Dieser Link führt ins Leere oder zu etwas, das nicht mehr da ist: Er ist abgelaufen, wurde gelöscht oder war ein Einmal-Link (oder einer mit Download-Limit), der schon benutzt wurde. Prüfen Sie, ob der Link vollständig kopiert wurde, oder bitten Sie den Absender um einen neuen.',
  },
  badRequest: {
    title: 'Diese Anfrage ist ungültig',
    advice: 'Prüfen Sie, ob der Link vollständig kopiert wurde, oder bitten Sie den Absender um einen neuen.',
  },
  signInNeeded: {
    title: 'Anmeldung nötig',
    advice:
      'Dafür braucht es ein Passwort oder ein angemeldetes Konto: Melden Sie sich auf der Startseite an oder fragen Sie den Absender des Links nach dem Passwort.',
  },
  forbidden: {
    title: 'Nicht erlaubt',
    advice:
      'Dieser Link oder dieses Konto darf das nicht. Wenn Sie meinen, es sollte, fragen Sie den Absender des Links oder den Administrator des Servers.',
  },
  tooLarge: {
    title: 'Zu groß',
    advice:
      'Das ist mehr, als der Server annimmt: Versuchen Sie etwas Kleineres oder fragen Sie den Administrator des Servers nach den Limits.',
  },
  badRange: {
    title: 'Nicht Teil der Datei',
    advice: 'Der angefragte Teil liegt außerhalb der Datei: Laden Sie die ganze Datei erneut herunter.',
  },
  tooMany: { title: 'Zu viele Versuche', advice: 'Warten Sie kurz und versuchen Sie es dann erneut.' },
  full: {
    title: 'Der Server ist voll',
    advice: 'Er hat im Moment keinen Platz mehr: Versuchen Sie es später erneut oder sagen Sie dem Administrator des Servers Bescheid.',
  },
  clientError: {
    title: 'Das hat nicht geklappt',
    advice: 'Versuchen Sie es erneut; wenn es weiter fehlschlägt, fragen Sie den Absender des Links.',
  },
  serverError: {
    title: 'Auf dem Server ist etwas schiefgegangen',
    advice: 'Versuchen Sie es gleich noch einmal; wenn es weiter passiert, sagen Sie dem Administrator des Servers Bescheid.',
  },
};

export default messages;
