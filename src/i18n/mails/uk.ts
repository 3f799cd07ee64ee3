// The words of the emails Ferry sends, in Ukrainian (see en.ts).
import type { MailWords } from './en.js';

export { plural } from '../web/uk.js';

const messages: MailWords = {
  downloadedSubject: (name: string) => `Ваш файл ${name} завантажили`,
  downloaded: (name: string, size: string, upload: string) =>
    `Ваш файл «${name}» (надіслано ${size}) із завантаження ${upload} щойно завантажили.`,
  downloadedWhy: 'Ви отримали цей лист, бо просили повідомляти про завантаження цього вивантаження; вимкніть це на його сторінці.',
  sharedSubject: (sender: string) => `${sender} поділився з вами файлами`,
  shared: (sender: string) => `${sender} поділився з вами файлами у Ferry.`,
  resetSubject: 'Скидання пароля Ferry',
  reset: (login: string, minutes: string) =>
    `Хтось попросив скинути пароль облікового запису Ferry ${login}. Щоб вибрати новий, відкрийте це посилання протягом ${minutes} хвилин:`,
  resetIgnore: 'Якщо це були не ви, не зважайте на цей лист: ваш пароль не зміниться.',
  requestSubject: (title: string) => `Надійшов файл за вашим запитом ${title}`,
  requestArrived: (from: string, file: string, size: string, title: string) =>
    `${from} надіслав «${file}» (${size}) за вашим запитом «${title}».`,
  someone: 'Хтось',
  inviteSubject: (sender: string) => `${sender} запрошує вас до Ferry`,
  invite: (sender: string) =>
    `${sender} запрошує вас створити обліковий запис у Ferry, сервері обміну файлами. Щоб вибрати логін і пароль, відкрийте це посилання:`,
  inviteUntil: (date: string) => `Посилання створює один обліковий запис і діє до ${date} (UTC).`,
  inviteIgnore: 'Якщо ви не знаєте, хто його надіслав, не зважайте на цей лист.',
};

export default messages;
