// The words of the pages the server draws (the /d download page, error pages), in English: the reference catalogue
// whose shape every other language's must match (see ../web/en.ts for the rules).
import web from '../web/en.js';

// The words the page and these pages share, and the plural forms, are the web page's.
export { plural } from '../web/en.js';

const messages = {
  password: web.password,
  wrongPassword: web.wrongPassword,
  download: web.download,
  files: web.files,
  downloadsLeft: web.downloadsLeft,
  downloadAllZip: web.downloadAllZip,
  passwordRequired: 'Password required',
  protectedDownload: 'This download is protected by a password.',
  needsKey: 'This file is encrypted, and this link lacks its key: ask for the full link.',
  /** `date` is where the page puts the date (in a <time>). */
  availableUntil: (date: string) => `Available until ${date}.`,
  error: (status: number, message: string) => `Error ${status}: ${message}`,
  goHome: (name: string) => `Go to ${name}'s home page`,
  waitThenRetry: (seconds: number) => `Wait ${seconds} s, then try again.`,
  // What a failure's page says, by status: what happened (title), and what to do (advice).
  gone: {
    title: 'Nothing to download here',
    advice:
      'This link leads nowhere, or to something that is gone: it expired, was deleted, or was a one-time link (or one with a download limit) that has already been used. Check that the link was copied whole, or ask whoever sent it for a new one.',
  },
  badRequest: { title: 'This request is not valid', advice: 'Check that the link was copied whole, or ask whoever sent it for a new one.' },
  signInNeeded: {
    title: 'Sign-in needed',
    advice: 'This needs a password or a signed-in account: sign in on the home page, or ask whoever sent the link for its password.',
  },
  forbidden: {
    title: 'Not allowed',
    advice: 'This link or account may not do this. If you think it should, ask whoever sent the link, or the server’s admin.',
  },
  tooLarge: {
    title: 'Too large',
    advice: 'This is more than the server accepts: try something smaller, or ask the server’s admin about its limits.',
  },
  badRange: { title: 'Not part of the file', advice: 'The part of the file asked for lies outside it: download the whole file again.' },
  tooMany: { title: 'Too many attempts', advice: 'Wait a little, then try again.' },
  full: { title: 'The server is full', advice: 'It has no space left for now: try again later, or tell the server’s admin.' },
  clientError: { title: 'This did not work', advice: 'Try again; if it keeps failing, ask whoever sent the link.' },
  serverError: {
    title: 'Something went wrong on the server',
    advice: 'Try again in a moment; if it keeps happening, tell the server’s admin.',
  },
};

export type PageMessages = typeof messages;
export default messages;
