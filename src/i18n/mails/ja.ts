// The words of the emails Ferry sends, in Japanese (see en.ts).
import type { MailWords } from './en.js';

export { plural } from '../web/ja.js';

const messages: MailWords = {
  downloadedSubject: (name: string) => `ファイル ${name} がダウンロードされました`,
  downloaded: (name: string, size: string, upload: string) =>
    `アップロード ${upload} のファイル「${name}」（${size} 送信）がダウンロードされました。`,
  downloadedWhy: 'このアップロードのダウンロード通知を希望されたため、このメールをお送りしています。通知はそのページで解除できます。',
  sharedSubject: (sender: string) => `${sender} さんがファイルを共有しました`,
  shared: (sender: string) => `${sender} さんが Ferry でファイルを共有しました。`,
  resetSubject: 'Ferry のパスワードの再設定',
  reset: (login: string, minutes: string) =>
    `Ferry アカウント ${login} のパスワード再設定が依頼されました。新しいパスワードを設定するには、${minutes} 分以内にこのリンクを開いてください：`,
  resetIgnore: '心当たりがない場合は、このメールを無視してください。パスワードは変更されません。',
  requestSubject: (title: string) => `リクエスト ${title} にファイルが届きました`,
  requestArrived: (from: string, file: string, size: string, title: string) =>
    `${from} がリクエスト「${title}」から「${file}」（${size}）を送信しました。`,
  someone: 'だれか',
  inviteSubject: (sender: string) => `${sender} さんから Ferry への招待`,
  invite: (sender: string) =>
    `${sender} さんが、ファイル共有サーバー Ferry のアカウント作成にあなたを招待しています。ログイン名とパスワードを決めるには、このリンクを開いてください：`,
  inviteUntil: (date: string) => `このリンクで作成できるアカウントは 1 つで、${date}（UTC）まで有効です。`,
  inviteIgnore: '送信者に心当たりがない場合は、このメールを無視してください。',
};

export default messages;
