// The words of the pages the server draws, in Japanese (see en.ts).
import web from '../web/ja.js';
import type { PageMessages } from './en.js';

// The words the page and these pages share, and the plural forms, are the web page's.
export { plural } from '../web/ja.js';

const messages: PageMessages = {
  password: web.password,
  wrongPassword: web.wrongPassword,
  download: web.download,
  files: web.files,
  downloadsLeft: web.downloadsLeft,
  downloadAllZip: web.downloadAllZip,
  passwordRequired: 'パスワードが必要です',
  protectedDownload: 'このダウンロードはパスワードで保護されています。',
  needsKey: 'このファイルは暗号化されていますが、このリンクには鍵が含まれていません：完全なリンクを求めてください。',
  availableUntil: (date) => `${date} までダウンロードできます。`,
  error: (status, message) => `エラー ${status}：${message}`,
  goHome: (name: string) => `${name} のホームページへ`,
  waitThenRetry: (seconds) => `${seconds} 秒待ってから、もう一度試してください。`,
  gone: {
    title: 'ダウンロードできるものはありません',
    advice:
      'このリンクはどこにもつながっていないか、もう存在しないものを指しています：期限切れ、削除済み、または使用済みの 1 回限りのリンク（またはダウンロード回数制限付きのリンク）です。リンクが最後までコピーされているか確認するか、送信者に新しいリンクを求めてください。',
  },
  badRequest: {
    title: 'このリクエストは無効です',
    advice: 'リンクが最後までコピーされているか確認するか、送信者に新しいリンクを求めてください。',
  },
  signInNeeded: {
    title: 'ログインが必要です',
    advice: 'パスワードかログイン済みのアカウントが必要です：ホームページでログインするか、リンクの送信者にパスワードを尋ねてください。',
  },
  forbidden: {
    title: '許可されていません',
    advice:
      'このリンクまたはアカウントではこの操作はできません。できるはずだと思う場合は、リンクの送信者かサーバーの管理者に尋ねてください。',
  },
  tooLarge: {
    title: '大きすぎます',
    advice: 'サーバーが受け付ける量を超えています：より小さいもので試すか、サーバーの管理者に上限を尋ねてください。',
  },
  badRange: {
    title: 'ファイルの範囲外です',
    advice: '要求された部分はファイルの外にあります：ファイル全体をもう一度ダウンロードしてください。',
  },
  tooMany: { title: '試行回数が多すぎます', advice: '少し待ってから、もう一度試してください。' },
  full: { title: 'サーバーがいっぱいです', advice: '現在空き容量がありません：後でもう一度試すか、サーバーの管理者に知らせてください。' },
  clientError: { title: 'うまくいきませんでした', advice: 'もう一度試してください。失敗が続く場合は、リンクの送信者に尋ねてください。' },
  serverError: {
    title: 'サーバーで問題が発生しました',
    advice: '少し後にもう一度試してください。続く場合は、サーバーの管理者に知らせてください。',
  },
};

export default messages;
