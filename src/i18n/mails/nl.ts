// The words of the emails Ferry sends, in Dutch (see en.ts).
import type { MailWords } from './en.js';

export { plural } from '../web/nl.js';

const messages: MailWords = {
  downloadedSubject: (name: string) => `Je bestand ${name} is gedownload`,
  downloaded: (name: string, size: string, upload: string) =>
    `Je bestand "${name}" (${size} verzonden) van upload ${upload} is zojuist gedownload.`,
  downloadedWhy: 'Je krijgt deze e-mail omdat je vroeg om bericht bij downloads van deze upload; zet het uit op de pagina ervan.',
  sharedSubject: (sender: string) => `${sender} heeft bestanden met je gedeeld`,
  shared: (sender: string) => `${sender} heeft op Ferry bestanden met je gedeeld.`,
  resetSubject: 'Stel je Ferry-wachtwoord opnieuw in',
  reset: (login: string, minutes: string) =>
    `Iemand heeft gevraagd het wachtwoord van het Ferry-account ${login} opnieuw in te stellen. Open deze link binnen ${minutes} minuten om een nieuw te kiezen:`,
  resetIgnore: 'Was jij het niet, negeer deze e-mail dan: je wachtwoord blijft zoals het is.',
  requestSubject: (title: string) => `Er is een bestand binnengekomen voor je verzoek ${title}`,
  requestArrived: (from: string, file: string, size: string, title: string) =>
    `${from} heeft "${file}" (${size}) gestuurd via je verzoek "${title}".`,
  someone: 'Iemand',
  inviteSubject: (sender: string) => `${sender} nodigt je uit voor Ferry`,
  invite: (sender: string) =>
    `${sender} nodigt je uit een account aan te maken op Ferry, een server om bestanden te delen. Open deze link om je gebruikersnaam en wachtwoord te kiezen:`,
  inviteUntil: (date: string) => `De link maakt één account aan, tot ${date} (UTC).`,
  inviteIgnore: 'Weet je niet wie hem stuurde, negeer deze e-mail dan.',
};

export default messages;
