// The words of the emails Ferry sends, in Spanish (see en.ts).
import type { MailWords } from './en.js';

export { plural } from '../web/es.js';

const messages: MailWords = {
  downloadedSubject: (name: string) => `Se ha descargado tu archivo ${name}`,
  downloaded: (name: string, size: string, upload: string) =>
    `Tu archivo «${name}» (${size} enviados) de la subida ${upload} se acaba de descargar.`,
  downloadedWhy: 'Recibes este correo porque pediste que se te avisara de las descargas de esta subida; desactívalo en su página.',
  sharedSubject: (sender: string) => `${sender} ha compartido archivos contigo`,
  shared: (sender: string) => `${sender} ha compartido archivos contigo en Ferry.`,
  resetSubject: 'Restablece tu contraseña de Ferry',
  reset: (login: string, minutes: string) =>
    `Alguien ha pedido restablecer la contraseña de la cuenta de Ferry ${login}. Para elegir una nueva, abre este enlace antes de ${minutes} minutos:`,
  resetIgnore: 'Si no has sido tú, ignora este correo: tu contraseña sigue igual.',
  requestSubject: (title: string) => `Ha llegado un archivo para tu solicitud ${title}`,
  requestArrived: (from: string, file: string, size: string, title: string) =>
    `${from} ha enviado «${file}» (${size}) mediante tu solicitud «${title}».`,
  someone: 'Alguien',
  inviteSubject: (sender: string) => `${sender} te invita a Ferry`,
  invite: (sender: string) =>
    `${sender} te invita a crear una cuenta en Ferry, un servidor para compartir archivos. Para elegir tu usuario y tu contraseña, abre este enlace:`,
  inviteUntil: (date: string) => `El enlace crea una sola cuenta, hasta el ${date} (UTC).`,
  inviteIgnore: 'Si no sabes quién lo ha enviado, ignora este correo.',
};

export default messages;
