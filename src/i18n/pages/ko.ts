// The words of the pages the server draws, in Korean (see en.ts).
import web from '../web/ko.js';
import type { PageMessages } from './en.js';

// The words the page and these pages share, and the plural forms, are the web page's.
export { plural } from '../web/ko.js';

const messages: PageMessages = {
  password: web.password,
  wrongPassword: web.wrongPassword,
  download: web.download,
  files: web.files,
  downloadsLeft: web.downloadsLeft,
  downloadAllZip: web.downloadAllZip,
  passwordRequired: '비밀번호 필요',
  protectedDownload: '이 다운로드는 비밀번호로 보호되어 있습니다.',
  needsKey: '이 파일은 암호화되어 있는데 이 링크에는 키가 없습니다: 전체 링크를 요청하세요.',
  availableUntil: (date) => `${date}까지 받을 수 있습니다.`,
  error: (status, message) => `오류 ${status}: ${message}`,
  goHome: (name: string) => `${name} 홈페이지로 이동`,
  waitThenRetry: (seconds) => `${seconds}초 기다린 후 다시 시도하세요.`,
  gone: {
    title: '다운로드할 것이 없습니다',
    advice:
      '이 링크는 아무 데도 연결되지 않거나 이미 사라진 것을 가리킵니다: 만료되었거나, 삭제되었거나, 이미 사용된 일회용 링크(또는 다운로드 횟수 제한이 있는 링크)입니다. 링크가 전부 복사되었는지 확인하거나 보낸 사람에게 새 링크를 요청하세요.',
  },
  badRequest: { title: '잘못된 요청입니다', advice: '링크가 전부 복사되었는지 확인하거나 보낸 사람에게 새 링크를 요청하세요.' },
  signInNeeded: {
    title: '로그인 필요',
    advice: '비밀번호나 로그인한 계정이 필요합니다: 홈페이지에서 로그인하거나 링크를 보낸 사람에게 비밀번호를 물어보세요.',
  },
  forbidden: {
    title: '허용되지 않음',
    advice: '이 링크나 계정으로는 할 수 없습니다. 가능해야 한다고 생각하면 링크를 보낸 사람이나 서버 관리자에게 문의하세요.',
  },
  tooLarge: { title: '너무 큼', advice: '서버가 받을 수 있는 것보다 큽니다: 더 작은 것으로 시도하거나 서버 관리자에게 한도를 문의하세요.' },
  badRange: { title: '파일 범위 밖', advice: '요청한 부분이 파일 밖에 있습니다: 파일 전체를 다시 다운로드하세요.' },
  tooMany: { title: '시도가 너무 많음', advice: '잠시 기다린 후 다시 시도하세요.' },
  full: { title: '서버가 가득 참', advice: '지금은 남은 공간이 없습니다: 나중에 다시 시도하거나 서버 관리자에게 알리세요.' },
  clientError: { title: '실패했습니다', advice: '다시 시도하세요. 계속 실패하면 링크를 보낸 사람에게 문의하세요.' },
  serverError: { title: '서버에 문제가 생겼습니다', advice: '잠시 후 다시 시도하세요. 계속되면 서버 관리자에게 알리세요.' },
};

export default messages;
