// The words of the pages the server draws, in Portuguese (see en.ts).
import web from '../web/pt.js';
import type { PageMessages } from './en.js';

// The words the page and these pages share, and the plural forms, are the web page's.
export { plural } from '../web/pt.js';

const messages: PageMessages = {
  password: web.password,
  wrongPassword: web.wrongPassword,
  download: web.download,
  files: web.files,
  downloadsLeft: web.downloadsLeft,
  downloadAllZip: web.downloadAllZip,
  passwordRequired: 'Senha necessária',
  protectedDownload: 'Este download está protegido por senha.',
  needsKey: 'Este arquivo está criptografado e este link não tem a sua chave: peça o link completo.',
  availableUntil: (date) => `Disponível até ${date}.`,
  error: (status, message) => `Erro ${status}: ${message}`,
  goHome: (name: string) => `Ir para a página inicial do ${name}`,
  waitThenRetry: (seconds) => `Aguarde ${seconds} s e tente de novo.`,
  gone: {
    title: 'Nada para baixar aqui',
    advice:
      'Este link não leva a lugar nenhum, ou leva a algo que já não existe: expirou, foi excluído, ou era um link de uso único (ou com limite de downloads) que já foi usado. Verifique se o link foi copiado por inteiro, ou peça um novo a quem o enviou.',
  },
  badRequest: {
    title: 'Esta solicitação não é válida',
    advice: 'Verifique se o link foi copiado por inteiro, ou peça um novo a quem o enviou.',
  },
  signInNeeded: {
    title: 'É preciso entrar',
    advice: 'Isto precisa de uma senha ou de uma conta conectada: entre na página inicial, ou peça a senha a quem enviou o link.',
  },
  forbidden: {
    title: 'Não permitido',
    advice:
      'Este link ou esta conta não pode fazer isto. Se acha que deveria, pergunte a quem enviou o link ou ao administrador do servidor.',
  },
  tooLarge: {
    title: 'Grande demais',
    advice: 'É mais do que o servidor aceita: tente algo menor, ou pergunte ao administrador do servidor sobre os limites.',
  },
  badRange: { title: 'Fora do arquivo', advice: 'A parte do arquivo pedida fica fora dele: baixe o arquivo inteiro de novo.' },
  tooMany: { title: 'Tentativas demais', advice: 'Aguarde um pouco e tente de novo.' },
  full: {
    title: 'O servidor está cheio',
    advice: 'Por enquanto não há mais espaço: tente mais tarde, ou avise o administrador do servidor.',
  },
  clientError: { title: 'Isto não funcionou', advice: 'Tente de novo; se continuar falhando, pergunte a quem enviou o link.' },
  serverError: {
    title: 'Algo deu errado no servidor',
    advice: 'Tente de novo em instantes; se continuar acontecendo, avise o administrador do servidor.',
  },
};

export default messages;
