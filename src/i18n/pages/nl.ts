// The words of the pages the server draws, in Dutch (see en.ts).
import web from '../web/nl.js';
import type { PageMessages } from './en.js';

// The words the page and these pages share, and the plural forms, are the web page's.
export { plural } from '../web/nl.js';

const messages: PageMessages = {
  password: web.password,
  wrongPassword: web.wrongPassword,
  download: web.download,
  files: web.files,
  downloadsLeft: web.downloadsLeft,
  downloadAllZip: web.downloadAllZip,
  passwordRequired: 'Wachtwoord vereist',
  protectedDownload: 'Deze download is beveiligd met een wachtwoord.',
  needsKey: 'Dit bestand is versleuteld en deze link mist de sleutel: vraag om de volledige link.',
  availableUntil: (date) => `Beschikbaar tot ${date}.`,
  error: (status, message) => `Fout ${status}: ${message}`,
  goHome: (name: string) => `Naar de startpagina van ${name}`,
  waitThenRetry: (seconds) => `Wacht ${seconds} s en probeer het dan opnieuw.`,
  gone: {
    title: 'Hier valt niets te downloaden',
    advice:
      'Deze link leidt nergens heen, of naar iets dat weg is: hij is verlopen, verwijderd, of was een eenmalige link (of een met downloadlimiet) die al is gebruikt. Controleer of de link volledig is gekopieerd, of vraag de afzender om een nieuwe.',
  },
  badRequest: {
    title: 'Dit verzoek is ongeldig',
    advice: 'Controleer of de link volledig is gekopieerd, of vraag de afzender om een nieuwe.',
  },
  signInNeeded: {
    title: 'Inloggen nodig',
    advice:
      'Hiervoor is een wachtwoord of een ingelogd account nodig: log in op de startpagina, of vraag de afzender van de link om het wachtwoord.',
  },
  forbidden: {
    title: 'Niet toegestaan',
    advice:
      'Deze link of dit account mag dit niet. Denk je dat het wel zou moeten, vraag het dan aan de afzender van de link of aan de beheerder van de server.',
  },
  tooLarge: {
    title: 'Te groot',
    advice: 'Dit is meer dan de server accepteert: probeer iets kleiners, of vraag de beheerder van de server naar de limieten.',
  },
  badRange: {
    title: 'Geen deel van het bestand',
    advice: 'Het gevraagde deel ligt buiten het bestand: download het hele bestand opnieuw.',
  },
  tooMany: { title: 'Te veel pogingen', advice: 'Wacht even en probeer het dan opnieuw.' },
  full: {
    title: 'De server is vol',
    advice: 'Er is nu geen ruimte meer: probeer het later opnieuw, of laat het de beheerder van de server weten.',
  },
  clientError: {
    title: 'Dit is niet gelukt',
    advice: 'Probeer het opnieuw; blijft het mislukken, vraag het dan aan de afzender van de link.',
  },
  serverError: {
    title: 'Er ging iets mis op de server',
    advice: 'Probeer het zo opnieuw; blijft het gebeuren, laat het dan de beheerder van de server weten.',
  },
};

export default messages;
