// The words of the emails Ferry sends, in Portuguese (see en.ts).
import type { MailWords } from './en.js';

export { plural } from '../web/pt.js';

const messages: MailWords = {
  downloadedSubject: (name: string) => `O seu ficheiro ${name} foi transferido`,
  downloaded: (name: string, size: string, upload: string) =>
    `O seu ficheiro «${name}» (${size} enviados) do envio ${upload} acabou de ser transferido.`,
  downloadedWhy: 'Recebe este email porque pediu para ser avisado das transferências deste envio; desative-o na página dele.',
  sharedSubject: (sender: string) => `${sender} partilhou ficheiros consigo`,
  shared: (sender: string) => `${sender} partilhou ficheiros consigo no Ferry.`,
  resetSubject: 'Redefina a sua palavra-passe do Ferry',
  reset: (login: string, minutes: string) =>
    `Alguém pediu para redefinir a palavra-passe da conta Ferry ${login}. Para escolher uma nova, abra esta ligação dentro de ${minutes} minutos:`,
  resetIgnore: 'Se não foi você, ignore este email: a sua palavra-passe fica como está.',
  requestSubject: (title: string) => `Chegou um ficheiro para o seu pedido ${title}`,
  requestArrived: (from: string, file: string, size: string, title: string) =>
    `${from} enviou «${file}» (${size}) através do seu pedido «${title}».`,
  someone: 'Alguém',
  inviteSubject: (sender: string) => `${sender} convida-o para o Ferry`,
  invite: (sender: string) =>
    `${sender} convida-o a criar uma conta no Ferry, um servidor de partilha de ficheiros. Para escolher o seu nome de utilizador e palavra-passe, abra esta ligação:`,
  inviteUntil: (date: string) => `A ligação cria uma única conta, até ${date} (UTC).`,
  inviteIgnore: 'Se não sabe quem a enviou, ignore este email.',
};

export default messages;
