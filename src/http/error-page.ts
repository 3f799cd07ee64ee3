// What a person in a browser is shown when a request fails: what happened and what to do, in the app's look; and
// the password form of a protected file, in place of Basic auth's dialog. Scripts get errors.ts's plain answers.
import { DownloadPage, downloadPagePath, lockedView } from './download-page.js';
import type { CompiledPage, PageRenderer } from './page-renderer.js';
import { ERROR_TEMPLATE } from './page-templates.js';

interface Explanation {
  title: string;
  advice: string;
}

const GONE: Explanation = {
  title: 'Nothing to download here',
  advice:
    'This link leads nowhere, or to something that is gone: it expired, was deleted, or was a one-time link (or one with a download limit) that has already been used. Check that the link was copied whole, or ask whoever sent it for a new one.',
};

const EXPLANATIONS: Record<number, Explanation> = {
  400: { title: 'This request is not valid', advice: 'Check that the link was copied whole, or ask whoever sent it for a new one.' },
  401: {
    title: 'Sign-in needed',
    advice: 'This needs a password or a signed-in account: sign in on the home page, or ask whoever sent the link for its password.',
  },
  403: {
    title: 'Not allowed',
    advice: 'This link or account may not do this. If you think it should, ask whoever sent the link, or the server’s admin.',
  },
  404: GONE,
  413: {
    title: 'Too large',
    advice: 'This is more than the server accepts: try something smaller, or ask the server’s admin about its limits.',
  },
  416: { title: 'Not part of the file', advice: 'The part of the file asked for lies outside it: download the whole file again.' },
  429: { title: 'Too many attempts', advice: 'Wait a little, then try again.' },
  507: { title: 'The server is full', advice: 'It has no space left for now: try again later, or tell the server’s admin.' },
};

const CLIENT_ERROR: Explanation = { title: 'This did not work', advice: 'Try again; if it keeps failing, ask whoever sent the link.' };
const SERVER_ERROR: Explanation = {
  title: 'Something went wrong on the server',
  advice: 'Try again in a moment; if it keeps happening, tell the server’s admin.',
};

export class ErrorPages {
  private readonly template: CompiledPage;
  private readonly downloadPage: DownloadPage;

  constructor(private readonly renderer: PageRenderer) {
    this.template = renderer.compile(ERROR_TEMPLATE);
    this.downloadPage = DownloadPage.builtin(renderer);
  }

  /** A failure's page: `message` is the one clients are given, shown below the explanation. */
  error(status: number, message: string, retryAfterSeconds?: number): string {
    const explanation = EXPLANATIONS[status] ?? (status >= 500 ? SERVER_ERROR : CLIENT_ERROR);
    const advice = retryAfterSeconds === undefined ? explanation.advice : `Wait ${retryAfterSeconds} s, then try again.`;
    return this.renderer.render(this.template, { status, message, title: explanation.title, advice });
  }

  /** The password form of a file's or an upload's id, posting to its /d page, the link key kept. */
  password(id: string, linkKey: string | undefined): string {
    return this.downloadPage.render(lockedView(id, downloadPagePath(this.renderer.basePath, id, linkKey), false));
  }
}
