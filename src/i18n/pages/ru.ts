// The words of the pages the server draws, in Russian (see en.ts).
import web from '../web/ru.js';
import type { PageMessages } from './en.js';

// The words the page and these pages share, and the plural forms, are the web page's.
export { plural } from '../web/ru.js';

const messages: PageMessages = {
  password: web.password,
  wrongPassword: web.wrongPassword,
  download: web.download,
  files: web.files,
  downloadsLeft: web.downloadsLeft,
  downloadAllZip: web.downloadAllZip,
  passwordRequired: 'Нужен пароль',
  protectedDownload: 'Это скачивание защищено паролем.',
  needsKey: 'Этот файл зашифрован, а в ссылке нет его ключа: попросите полную ссылку.',
  availableUntil: (date) => `Доступно до ${date}.`,
  error: (status, message) => `Ошибка ${status}: ${message}`,
  goHome: (name: string) => `На главную страницу ${name}`,
  waitThenRetry: (seconds) => `Подождите ${seconds} с и попробуйте снова.`,
  gone: {
    title: 'Здесь нечего скачивать',
    advice:
      'Эта ссылка никуда не ведёт или ведёт к тому, чего уже нет: срок истёк, файл удалён, или ссылка была одноразовой (или с ограничением скачиваний) и уже использована. Проверьте, что ссылка скопирована целиком, или попросите новую у отправителя.',
  },
  badRequest: { title: 'Неверный запрос', advice: 'Проверьте, что ссылка скопирована целиком, или попросите новую у отправителя.' },
  signInNeeded: {
    title: 'Нужно войти',
    advice: 'Нужен пароль или вход в аккаунт: войдите на главной странице или попросите пароль у того, кто прислал ссылку.',
  },
  forbidden: {
    title: 'Доступ запрещён',
    advice:
      'Этой ссылке или этому аккаунту это не разрешено. Если вы считаете, что должно быть, спросите отправителя ссылки или администратора сервера.',
  },
  tooLarge: {
    title: 'Слишком большой размер',
    advice: 'Это больше, чем принимает сервер: попробуйте что-нибудь поменьше или спросите администратора сервера об ограничениях.',
  },
  badRange: { title: 'Вне файла', advice: 'Запрошенная часть лежит за пределами файла: скачайте весь файл заново.' },
  tooMany: { title: 'Слишком много попыток', advice: 'Подождите немного и попробуйте снова.' },
  full: { title: 'Сервер заполнен', advice: 'Сейчас на нём нет места: попробуйте позже или сообщите администратору сервера.' },
  clientError: { title: 'Не получилось', advice: 'Попробуйте снова; если не выходит, спросите того, кто прислал ссылку.' },
  serverError: {
    title: 'На сервере что-то пошло не так',
    advice: 'Попробуйте снова через минуту; если это повторяется, сообщите администратору сервера.',
  },
};

export default messages;
