// The words of the pages the server draws, in simplified Chinese (see en.ts).
import web from '../web/zh-CN.js';
import type { PageMessages } from './en.js';

// The words the page and these pages share, and the plural forms, are the web page's.
export { plural } from '../web/zh-CN.js';

const messages: PageMessages = {
  password: web.password,
  wrongPassword: web.wrongPassword,
  download: web.download,
  files: web.files,
  downloadsLeft: web.downloadsLeft,
  downloadAllZip: web.downloadAllZip,
  passwordRequired: '需要密码',
  protectedDownload: '此下载受密码保护。',
  needsKey: '此文件已加密，而此链接缺少它的密钥：请索取完整的链接。',
  availableUntil: (date) => `可下载至 ${date}。`,
  error: (status, message) => `错误 ${status}：${message}`,
  goHome: (name: string) => `前往 ${name} 首页`,
  waitThenRetry: (seconds) => `请等待 ${seconds} 秒后重试。`,
  gone: {
    title: '这里没有可下载的内容',
    advice:
      '此链接无效，或指向已不存在的内容：它已过期、已被删除，或是已被使用过的一次性链接（或有下载次数限制的链接）。请检查链接是否完整复制，或向发送者索取新链接。',
  },
  badRequest: { title: '此请求无效', advice: '请检查链接是否完整复制，或向发送者索取新链接。' },
  signInNeeded: { title: '需要登录', advice: '这需要密码或已登录的账户：请在首页登录，或向发送链接的人索取密码。' },
  forbidden: { title: '无权访问', advice: '此链接或账户不能执行此操作。如果你认为应该可以，请询问发送链接的人或服务器管理员。' },
  tooLarge: { title: '太大', advice: '超出了服务器接受的大小：请尝试更小的内容，或向服务器管理员询问限制。' },
  badRange: { title: '不在文件范围内', advice: '请求的部分超出了文件范围：请重新下载整个文件。' },
  tooMany: { title: '尝试次数过多', advice: '请稍等片刻后重试。' },
  full: { title: '服务器已满', advice: '服务器暂时没有剩余空间：请稍后重试，或告知服务器管理员。' },
  clientError: { title: '操作未成功', advice: '请重试；如果一直失败，请询问发送链接的人。' },
  serverError: { title: '服务器出错了', advice: '请稍后重试；如果问题持续，请告知服务器管理员。' },
};

export default messages;
