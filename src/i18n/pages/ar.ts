// The words of the pages the server draws, in Arabic (see en.ts).
import web from '../web/ar.js';
import type { PageMessages } from './en.js';

// The words the page and these pages share, and the plural forms, are the web page's.
export { plural } from '../web/ar.js';

const messages: PageMessages = {
  password: web.password,
  wrongPassword: web.wrongPassword,
  download: web.download,
  files: web.files,
  downloadsLeft: web.downloadsLeft,
  downloadAllZip: web.downloadAllZip,
  passwordRequired: 'كلمة المرور مطلوبة',
  protectedDownload: 'هذا التنزيل محمي بكلمة مرور.',
  needsKey: 'هذا الملف مشفّر، وهذا الرابط يفتقد مفتاحه: اطلب الرابط كاملًا.',
  availableUntil: (date) => `متاح حتى ${date}.`,
  error: (status, message) => `خطأ ${status}: ${message}`,
  goHome: (name: string) => `اذهب إلى صفحة ${name} الرئيسية`,
  waitThenRetry: (seconds) => `انتظر ${seconds} ث، ثم حاول مجددًا.`,
  gone: {
    title: 'لا شيء للتنزيل هنا',
    advice:
      'هذا الرابط لا يؤدي إلى أي مكان، أو يؤدي إلى شيء لم يعد موجودًا: انتهت صلاحيته، أو حُذف، أو كان رابطًا لمرة واحدة (أو بحدّ للتنزيلات) واستُخدم من قبل. تحقّق من نسخ الرابط كاملًا، أو اطلب رابطًا جديدًا ممن أرسله.',
  },
  badRequest: { title: 'هذا الطلب غير صالح', advice: 'تحقّق من نسخ الرابط كاملًا، أو اطلب رابطًا جديدًا ممن أرسله.' },
  signInNeeded: {
    title: 'يلزم تسجيل الدخول',
    advice: 'يتطلّب هذا كلمة مرور أو حسابًا مسجّلًا: سجّل الدخول من الصفحة الرئيسية، أو اطلب كلمة المرور ممن أرسل الرابط.',
  },
  forbidden: {
    title: 'غير مسموح',
    advice: 'لا يمكن لهذا الرابط أو الحساب فعل ذلك. إن كنت ترى أنه ينبغي، فاسأل من أرسل الرابط أو مسؤول الخادم.',
  },
  tooLarge: { title: 'كبير جدًا', advice: 'هذا أكثر مما يقبله الخادم: جرّب شيئًا أصغر، أو اسأل مسؤول الخادم عن حدوده.' },
  badRange: { title: 'خارج الملف', advice: 'الجزء المطلوب من الملف يقع خارجه: نزّل الملف كاملًا من جديد.' },
  tooMany: { title: 'محاولات كثيرة جدًا', advice: 'انتظر قليلًا، ثم حاول مجددًا.' },
  full: { title: 'الخادم ممتلئ', advice: 'لم تعد فيه مساحة حاليًا: حاول لاحقًا، أو أبلغ مسؤول الخادم.' },
  clientError: { title: 'لم ينجح ذلك', advice: 'حاول مجددًا؛ وإن استمر الفشل، فاسأل من أرسل الرابط.' },
  serverError: { title: 'حدث خطأ ما في الخادم', advice: 'حاول مجددًا بعد قليل؛ وإن تكرّر ذلك، فأبلغ مسؤول الخادم.' },
};

export default messages;
