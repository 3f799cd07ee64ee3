// The words of the pages the server draws, in Ukrainian (see en.ts).
import web from '../web/uk.js';
import type { PageMessages } from './en.js';

// The words the page and these pages share, and the plural forms, are the web page's.
export { plural } from '../web/uk.js';

const messages: PageMessages = {
  password: web.password,
  wrongPassword: web.wrongPassword,
  download: web.download,
  files: web.files,
  downloadsLeft: web.downloadsLeft,
  downloadAllZip: web.downloadAllZip,
  passwordRequired: 'Потрібен пароль',
  protectedDownload: 'Це завантаження захищене паролем.',
  needsKey: 'Цей файл зашифровано, а в посиланні немає його ключа: попросіть повне посилання.',
  availableUntil: (date) => `Доступно до ${date}.`,
  error: (status, message) => `Помилка ${status}: ${message}`,
  goHome: (name: string) => `На головну сторінку ${name}`,
  waitThenRetry: (seconds) => `Зачекайте ${seconds} с і спробуйте ще раз.`,
  gone: {
    title: 'Тут нічого завантажувати',
    advice:
      'Це посилання нікуди не веде або веде до того, чого вже немає: строк сплив, файл видалено, або посилання було одноразовим (чи з обмеженням завантажень) і вже використане. Перевірте, чи посилання скопійовано повністю, або попросіть нове у відправника.',
  },
  badRequest: { title: 'Неправильний запит', advice: 'Перевірте, чи посилання скопійовано повністю, або попросіть нове у відправника.' },
  signInNeeded: {
    title: 'Потрібно увійти',
    advice:
      'Потрібен пароль або вхід в обліковий запис: увійдіть на головній сторінці або попросіть пароль у того, хто надіслав посилання.',
  },
  forbidden: {
    title: 'Доступ заборонено',
    advice:
      'Цьому посиланню чи обліковому запису це не дозволено. Якщо ви вважаєте, що має бути, запитайте відправника посилання або адміністратора сервера.',
  },
  tooLarge: {
    title: 'Завеликий розмір',
    advice: 'Це більше, ніж приймає сервер: спробуйте щось менше або запитайте адміністратора сервера про обмеження.',
  },
  badRange: { title: 'Поза файлом', advice: 'Запитана частина лежить поза межами файлу: завантажте весь файл знову.' },
  tooMany: { title: 'Забагато спроб', advice: 'Зачекайте трохи й спробуйте ще раз.' },
  full: { title: 'Сервер заповнений', advice: 'Зараз на ньому немає місця: спробуйте пізніше або повідомте адміністратора сервера.' },
  clientError: { title: 'Не вдалося', advice: 'Спробуйте ще раз; якщо не виходить, запитайте того, хто надіслав посилання.' },
  serverError: {
    title: 'На сервері щось пішло не так',
    advice: 'Спробуйте ще раз за хвилину; якщо це повторюється, повідомте адміністратора сервера.',
  },
};

export default messages;
