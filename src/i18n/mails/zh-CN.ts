// The words of the emails Ferry sends, in simplified Chinese (see en.ts).
import type { MailWords } from './en.js';

export { plural } from '../web/zh-CN.js';

const messages: MailWords = {
  downloadedSubject: (name: string) => `您的文件 ${name} 已被下载`,
  downloaded: (name: string, size: string, upload: string) => `您在上传 ${upload} 中的文件“${name}”（已发送 ${size}）刚刚被下载。`,
  downloadedWhy: '您收到这封邮件，是因为您要求在此上传被下载时收到通知；可在其页面上关闭。',
  sharedSubject: (sender: string) => `${sender} 与您分享了文件`,
  shared: (sender: string) => `${sender} 在 Ferry 上与您分享了文件。`,
  resetSubject: '重置您的 Ferry 密码',
  reset: (login: string, minutes: string) => `有人请求重置 Ferry 账户 ${login} 的密码。要设置新密码，请在 ${minutes} 分钟内打开此链接：`,
  resetIgnore: '如果不是您本人操作，请忽略这封邮件：您的密码保持不变。',
  requestSubject: (title: string) => `您的请求 ${title} 收到了一个文件`,
  requestArrived: (from: string, file: string, size: string, title: string) => `${from} 通过您的请求“${title}”发送了“${file}”（${size}）。`,
  someone: '有人',
  inviteSubject: (sender: string) => `${sender} 邀请您加入 Ferry`,
  invite: (sender: string) => `${sender} 邀请您在文件分享服务器 Ferry 上创建账户。要选择您的登录名和密码，请打开此链接：`,
  inviteUntil: (date: string) => `此链接只能创建一个账户，有效期至 ${date}（UTC）。`,
  inviteIgnore: '如果您不知道是谁发送的，请忽略这封邮件。',
};

export default messages;
