// What a person in a browser is shown when a request fails: what happened and what to do, in the app's look; and
// the password form of a protected file, in place of Basic auth's dialog. Scripts get errors.ts's plain answers.
import { DownloadPage, downloadPagePath, lockedView } from './download-page.js';
import type { PageMessages } from '../i18n/pages/index.js';
import type { PageLanguage } from './page-language.js';
import type { CompiledPage, PageRenderer } from './page-renderer.js';
import { ERROR_TEMPLATE } from './page-templates.js';

type Explanation = PageMessages['gone'];

/** The explanation of each status that has its own (the others: a client's or the server's failure). */
const EXPLANATIONS: Record<number, (t: PageMessages) => Explanation> = {
  400: (t) => t.badRequest,
  401: (t) => t.signInNeeded,
  403: (t) => t.forbidden,
  404: (t) => t.gone,
  413: (t) => t.tooLarge,
  416: (t) => t.badRange,
  429: (t) => t.tooMany,
  507: (t) => t.full,
};

export class ErrorPages {
  private readonly template: CompiledPage;
  private readonly downloadPage: DownloadPage;

  constructor(private readonly renderer: PageRenderer) {
    this.template = renderer.compile(ERROR_TEMPLATE);
    this.downloadPage = DownloadPage.builtin(renderer);
  }

  get csp(): string {
    return this.renderer.csp;
  }

  /** A failure's page: `message` is the one clients are given, shown below the explanation. */
  error(status: number, message: string, language: PageLanguage, retryAfterSeconds?: number): string {
    const { t } = language;
    const explanation = EXPLANATIONS[status]?.(t) ?? (status >= 500 ? t.serverError : t.clientError);
    const advice = retryAfterSeconds === undefined ? explanation.advice : t.waitThenRetry(retryAfterSeconds);
    return this.renderer.render(this.template, { status, message, title: explanation.title, advice }, language);
  }

  /** The password form of a file's or an upload's id, posting to its /d page, the link key kept. */
  password(id: string, linkKey: string | undefined, language: PageLanguage): string {
    return this.downloadPage.render(lockedView(id, downloadPagePath(this.renderer.basePath, id, linkKey), false), language);
  }
}
