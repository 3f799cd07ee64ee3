// The words of the emails Ferry sends, in Korean (see en.ts).
import type { MailWords } from './en.js';

export { plural } from '../web/ko.js';

const messages: MailWords = {
  downloadedSubject: (name: string) => `파일 ${name}이(가) 다운로드되었습니다`,
  downloaded: (name: string, size: string, upload: string) =>
    `업로드 ${upload}의 파일 "${name}"(${size} 전송)이(가) 방금 다운로드되었습니다.`,
  downloadedWhy: '이 업로드의 다운로드 알림을 요청하셨기 때문에 이 메일을 받으셨습니다. 해당 페이지에서 끌 수 있습니다.',
  sharedSubject: (sender: string) => `${sender} 님이 파일을 공유했습니다`,
  shared: (sender: string) => `${sender} 님이 Ferry에서 파일을 공유했습니다.`,
  resetSubject: 'Ferry 비밀번호 재설정',
  reset: (login: string, minutes: string) =>
    `누군가 Ferry 계정 ${login}의 비밀번호 재설정을 요청했습니다. 새 비밀번호를 정하려면 ${minutes}분 안에 이 링크를 여세요:`,
  resetIgnore: '본인이 요청하지 않았다면 이 메일을 무시하세요. 비밀번호는 그대로 유지됩니다.',
  requestSubject: (title: string) => `요청 ${title}에 파일이 도착했습니다`,
  requestArrived: (from: string, file: string, size: string, title: string) =>
    `${from}이(가) 요청 "${title}"을(를) 통해 "${file}"(${size})을(를) 보냈습니다.`,
  someone: '누군가',
  inviteSubject: (sender: string) => `${sender} 님의 Ferry 초대`,
  invite: (sender: string) =>
    `${sender} 님이 파일 공유 서버 Ferry에 계정을 만들도록 초대했습니다. 로그인 이름과 비밀번호를 정하려면 이 링크를 여세요:`,
  inviteUntil: (date: string) => `이 링크로 계정 하나를 만들 수 있으며, ${date}(UTC)까지 유효합니다.`,
  inviteIgnore: '누가 보냈는지 모르신다면 이 메일을 무시하세요.',
};

export default messages;
