// The words of the emails Ferry sends, in Arabic (see en.ts).
import type { MailWords } from './en.js';

export { plural } from '../web/ar.js';

const messages: MailWords = {
  downloadedSubject: (name: string) => `تم تنزيل ملفك ${name}`,
  downloaded: (name: string, size: string, upload: string) => `تم للتو تنزيل ملفك «${name}» (أُرسل ${size}) من الرفع ${upload}.`,
  downloadedWhy: 'تصلك هذه الرسالة لأنك طلبت إعلامك بتنزيلات هذا الرفع؛ يمكنك إيقاف ذلك من صفحته.',
  sharedSubject: (sender: string) => `شارك ${sender} ملفات معك`,
  shared: (sender: string) => `شارك ${sender} ملفات معك على Ferry.`,
  resetSubject: 'إعادة تعيين كلمة مرور Ferry',
  reset: (login: string, minutes: string) =>
    `طلب أحدهم إعادة تعيين كلمة مرور حساب Ferry ‏${login}. لاختيار كلمة مرور جديدة، افتح هذا الرابط خلال ${minutes} دقيقة:`,
  resetIgnore: 'إن لم تكن أنت من طلب ذلك، فتجاهل هذه الرسالة: تبقى كلمة مرورك كما هي.',
  requestSubject: (title: string) => `وصل ملف لطلبك ${title}`,
  requestArrived: (from: string, file: string, size: string, title: string) =>
    `أرسل ${from} الملف «${file}» (${size}) عبر طلبك «${title}».`,
  someone: 'أحدهم',
  inviteSubject: (sender: string) => `يدعوك ${sender} إلى Ferry`,
  invite: (sender: string) =>
    `يدعوك ${sender} إلى إنشاء حساب على Ferry، وهو خادم لمشاركة الملفات. لاختيار اسم الدخول وكلمة المرور، افتح هذا الرابط:`,
  inviteUntil: (date: string) => `ينشئ الرابط حسابًا واحدًا، وهو صالح حتى ${date} (بالتوقيت العالمي).`,
  inviteIgnore: 'إن كنت لا تعرف من أرسله، فتجاهل هذه الرسالة.',
};

export default messages;
