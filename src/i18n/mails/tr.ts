// The words of the emails Ferry sends, in Turkish (see en.ts).
import type { MailWords } from './en.js';

export { plural } from '../web/tr.js';

const messages: MailWords = {
  downloadedSubject: (name: string) => `${name} dosyanız indirildi`,
  downloaded: (name: string, size: string, upload: string) =>
    `${upload} yüklemesindeki "${name}" dosyanız (${size} gönderildi) az önce indirildi.`,
  downloadedWhy:
    'Bu yüklemenin indirmelerinden haberdar edilmek istediğiniz için bu e-postayı alıyorsunuz; yüklemenin sayfasından kapatabilirsiniz.',
  sharedSubject: (sender: string) => `${sender} sizinle dosya paylaştı`,
  shared: (sender: string) => `${sender}, Ferry üzerinde sizinle dosya paylaştı.`,
  resetSubject: 'Ferry parolanızı sıfırlayın',
  reset: (login: string, minutes: string) =>
    `Birisi ${login} Ferry hesabının parolasının sıfırlanmasını istedi. Yeni bir parola seçmek için bu bağlantıyı ${minutes} dakika içinde açın:`,
  resetIgnore: 'Bu siz değilseniz bu e-postayı yok sayın: parolanız olduğu gibi kalır.',
  requestSubject: (title: string) => `${title} isteğiniz için bir dosya geldi`,
  requestArrived: (from: string, file: string, size: string, title: string) =>
    `${from}, "${title}" isteğiniz üzerinden "${file}" (${size}) gönderdi.`,
  someone: 'Birisi',
  inviteSubject: (sender: string) => `${sender} sizi Ferry'ye davet ediyor`,
  invite: (sender: string) =>
    `${sender} sizi bir dosya paylaşım sunucusu olan Ferry'de hesap açmaya davet ediyor. Kullanıcı adınızı ve parolanızı seçmek için bu bağlantıyı açın:`,
  inviteUntil: (date: string) => `Bağlantı tek bir hesap açar ve ${date} (UTC) tarihine kadar geçerlidir.`,
  inviteIgnore: 'Kimin gönderdiğini bilmiyorsanız bu e-postayı yok sayın.',
};

export default messages;
