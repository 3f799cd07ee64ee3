// The words of the pages the server draws, in Polish (see en.ts).
import web from '../web/pl.js';
import type { PageMessages } from './en.js';

// The words the page and these pages share, and the plural forms, are the web page's.
export { plural } from '../web/pl.js';

const messages: PageMessages = {
  password: web.password,
  wrongPassword: web.wrongPassword,
  download: web.download,
  files: web.files,
  downloadsLeft: web.downloadsLeft,
  downloadAllZip: web.downloadAllZip,
  passwordRequired: 'Wymagane hasło',
  protectedDownload: 'To pobranie jest chronione hasłem.',
  needsKey: 'Ten plik jest zaszyfrowany, a w tym linku brakuje klucza: poproś o pełny link.',
  availableUntil: (date) => `Dostępne do ${date}.`,
  error: (status, message) => `Błąd ${status}: ${message}`,
  goHome: (name: string) => `Przejdź do strony głównej ${name}`,
  waitThenRetry: (seconds) => `Odczekaj ${seconds} s i spróbuj ponownie.`,
  gone: {
    title: 'Nie ma tu nic do pobrania',
    advice:
      'Ten link nigdzie nie prowadzi albo prowadzi do czegoś, czego już nie ma: wygasł, został usunięty albo był jednorazowy (lub z limitem pobrań) i już go użyto. Sprawdź, czy link skopiowano w całości, albo poproś nadawcę o nowy.',
  },
  badRequest: { title: 'To żądanie jest nieprawidłowe', advice: 'Sprawdź, czy link skopiowano w całości, albo poproś nadawcę o nowy.' },
  signInNeeded: {
    title: 'Wymagane logowanie',
    advice: 'Potrzebne jest hasło lub zalogowane konto: zaloguj się na stronie głównej albo poproś nadawcę linku o hasło.',
  },
  forbidden: {
    title: 'Brak dostępu',
    advice: 'Ten link lub to konto nie może tego zrobić. Jeśli uważasz, że powinno, zapytaj nadawcę linku lub administratora serwera.',
  },
  tooLarge: {
    title: 'Za duże',
    advice: 'To więcej, niż przyjmuje serwer: spróbuj czegoś mniejszego albo zapytaj administratora serwera o limity.',
  },
  badRange: { title: 'Poza plikiem', advice: 'Żądana część leży poza plikiem: pobierz cały plik ponownie.' },
  tooMany: { title: 'Zbyt wiele prób', advice: 'Odczekaj chwilę i spróbuj ponownie.' },
  full: { title: 'Serwer jest pełny', advice: 'Na razie brakuje na nim miejsca: spróbuj później albo powiadom administratora serwera.' },
  clientError: { title: 'To się nie udało', advice: 'Spróbuj ponownie; jeśli nadal się nie uda, zapytaj nadawcę linku.' },
  serverError: {
    title: 'Na serwerze coś poszło nie tak',
    advice: 'Spróbuj ponownie za chwilę; jeśli to się powtarza, powiadom administratora serwera.',
  },
};

export default messages;
