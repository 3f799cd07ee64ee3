// The words of the emails Ferry sends, in English: the reference catalogue whose shape every other language's must
// match (see ../web/en.ts for the rules). Sizes and dates come formatted; every value is a user's, escaped later.

// The plural forms are the web page's.
export { plural } from '../web/en.js';

const messages = {
  // "Your file was downloaded", to an upload's owner who asked for it.
  downloadedSubject: (name: string) => `Your file ${name} was downloaded`,
  downloaded: (name: string, size: string, upload: string) => `Your file "${name}" (${size} sent) of upload ${upload} was just downloaded.`,
  downloadedWhy: 'You get this email because you asked to be told of downloads of this upload; turn it off on its page.',
  // An upload's link, sent by its owner.
  sharedSubject: (sender: string) => `${sender} shared files with you`,
  shared: (sender: string) => `${sender} shared files with you on Ferry.`,
  // A local user's password reset.
  resetSubject: 'Reset your Ferry password',
  reset: (login: string, minutes: string) =>
    `Someone asked to reset the password of the Ferry account ${login}. To choose a new one, open this link within ${minutes} minutes:`,
  resetIgnore: 'If it was not you, ignore this email: your password stays as it is.',
  // A file arrived through a file request.
  requestSubject: (title: string) => `A file arrived for your request ${title}`,
  requestArrived: (from: string, file: string, size: string, title: string) =>
    `${from} sent "${file}" (${size}) through your request "${title}".`,
  someone: 'Someone',
  // An invitation to make an account.
  inviteSubject: (sender: string) => `${sender} invites you to Ferry`,
  invite: (sender: string) =>
    `${sender} invites you to make an account on Ferry, a file-sharing server. To choose your login and password, open this link:`,
  inviteUntil: (date: string) => `The link makes one account, until ${date} (UTC).`,
  inviteIgnore: 'If you do not know who sent it, ignore this email.',
};

export type MailWords = typeof messages;
export default messages;
