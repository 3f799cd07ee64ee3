// The words of the emails Ferry sends, in Russian (see en.ts).
import type { MailWords } from './en.js';

export { plural } from '../web/ru.js';

const messages: MailWords = {
  downloadedSubject: (name: string) => `Ваш файл ${name} скачали`,
  downloaded: (name: string, size: string, upload: string) =>
    `Ваш файл «${name}» (отправлено ${size}) из загрузки ${upload} только что скачали.`,
  downloadedWhy: 'Вы получили это письмо, потому что просили сообщать о скачиваниях этой загрузки; отключите это на её странице.',
  sharedSubject: (sender: string) => `${sender} поделился с вами файлами`,
  shared: (sender: string) => `${sender} поделился с вами файлами в Ferry.`,
  resetSubject: 'Сброс пароля Ferry',
  reset: (login: string, minutes: string) =>
    `Кто-то попросил сбросить пароль учётной записи Ferry ${login}. Чтобы выбрать новый, откройте эту ссылку в течение ${minutes} минут:`,
  resetIgnore: 'Если это были не вы, не обращайте внимания на это письмо: ваш пароль не изменится.',
  requestSubject: (title: string) => `Пришёл файл по вашему запросу ${title}`,
  requestArrived: (from: string, file: string, size: string, title: string) =>
    `${from} отправил «${file}» (${size}) по вашему запросу «${title}».`,
  someone: 'Кто-то',
  inviteSubject: (sender: string) => `${sender} приглашает вас в Ferry`,
  invite: (sender: string) =>
    `${sender} приглашает вас создать учётную запись в Ferry, сервере обмена файлами. Чтобы выбрать логин и пароль, откройте эту ссылку:`,
  inviteUntil: (date: string) => `Ссылка создаёт одну учётную запись и действует до ${date} (UTC).`,
  inviteIgnore: 'Если вы не знаете, кто её отправил, не обращайте внимания на это письмо.',
};

export default messages;
