// The words of the pages the server draws, in Turkish (see en.ts).
import web from '../web/tr.js';
import type { PageMessages } from './en.js';

// The words the page and these pages share, and the plural forms, are the web page's.
export { plural } from '../web/tr.js';

const messages: PageMessages = {
  password: web.password,
  wrongPassword: web.wrongPassword,
  download: web.download,
  files: web.files,
  downloadsLeft: web.downloadsLeft,
  downloadAllZip: web.downloadAllZip,
  passwordRequired: 'Parola gerekli',
  protectedDownload: 'Bu indirme bir parolayla korunuyor.',
  needsKey: 'Bu dosya şifreli ve bu bağlantıda anahtarı yok: bağlantının tamamını isteyin.',
  availableUntil: (date) => `${date} tarihine kadar kullanılabilir.`,
  error: (status, message) => `Hata ${status}: ${message}`,
  goHome: (name: string) => `${name} ana sayfasına git`,
  waitThenRetry: (seconds) => `${seconds} sn bekleyin, sonra yeniden deneyin.`,
  gone: {
    title: 'Burada indirilecek bir şey yok',
    advice:
      'Bu bağlantı hiçbir yere gitmiyor ya da artık olmayan bir şeye gidiyor: süresi doldu, silindi veya zaten kullanılmış tek seferlik (ya da indirme sınırlı) bir bağlantıydı. Bağlantının tamamen kopyalandığını denetleyin veya gönderen kişiden yenisini isteyin.',
  },
  badRequest: {
    title: 'Bu istek geçerli değil',
    advice: 'Bağlantının tamamen kopyalandığını denetleyin veya gönderen kişiden yenisini isteyin.',
  },
  signInNeeded: {
    title: 'Oturum açmak gerekiyor',
    advice:
      'Bunun için bir parola veya oturum açmış bir hesap gerekir: ana sayfada oturum açın veya bağlantıyı gönderen kişiden parolasını isteyin.',
  },
  forbidden: {
    title: 'İzin verilmiyor',
    advice:
      'Bu bağlantı veya hesap bunu yapamaz. Yapabilmesi gerektiğini düşünüyorsanız bağlantıyı gönderene veya sunucunun yöneticisine sorun.',
  },
  tooLarge: {
    title: 'Çok büyük',
    advice: 'Bu, sunucunun kabul ettiğinden fazla: daha küçük bir şey deneyin veya sınırları sunucunun yöneticisine sorun.',
  },
  badRange: { title: 'Dosyanın parçası değil', advice: 'İstenen kısım dosyanın dışında: dosyanın tamamını yeniden indirin.' },
  tooMany: { title: 'Çok fazla deneme', advice: 'Biraz bekleyin, sonra yeniden deneyin.' },
  full: { title: 'Sunucu dolu', advice: 'Şu an hiç yer kalmadı: daha sonra yeniden deneyin veya sunucunun yöneticisine bildirin.' },
  clientError: { title: 'Bu işe yaramadı', advice: 'Yeniden deneyin; başarısız olmaya devam ederse bağlantıyı gönderene sorun.' },
  serverError: { title: 'Sunucuda bir şeyler ters gitti', advice: 'Birazdan yeniden deneyin; sürerse sunucunun yöneticisine bildirin.' },
};

export default messages;
