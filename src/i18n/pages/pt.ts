// The words of the pages the server draws, in Portuguese (see en.ts).
import { plurals } from '../plural.js';
import type { PageMessages } from './en.js';

export const plural = plurals('pt', ['one', 'many', 'other']);

const messages: PageMessages = {
  password: 'Senha',
  wrongPassword: 'Senha incorreta.',
  download: 'Baixar',
  passwordRequired: 'Senha necessária',
  protectedDownload: 'Este download está protegido por senha.',
  files: (count) => plural(count, { one: '# arquivo', many: '# de arquivos', other: '# arquivos' }),
  needsKey: 'Este arquivo está criptografado e este link não tem a sua chave: peça o link completo.',
  downloadsLeft: (count) => plural(count, { one: 'resta # download', many: 'restam # de downloads', other: 'restam # downloads' }),
  downloadAllZip: 'Baixar tudo em zip',
  availableUntil: (date) => `Disponível até ${date}.`,
  error: (status, message) => `Erro ${status}: ${message}`,
  goHome: 'Ir para a página inicial do Ferry',
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
