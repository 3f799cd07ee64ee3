// Renders the pages the server draws: one Eta, which escapes every value it prints (`<%= %>`), holding the shared
// layout and password form, and the frame every page is given besides its own values (the app's stylesheets).
import { Eta } from 'eta';
import type { PageLanguage } from './page-language.js';
import { LAYOUT_TEMPLATE, PASSWORD_FORM_TEMPLATE, PREVIEW_TEMPLATE } from './page-templates.js';
import { appLook } from './routes/web.js';

/** What every page sees in `it` besides its own values. */
interface PageFrame {
  /** The web app's stylesheets, none when it is not built. */
  stylesheets: string[];
  icon: string | null;
  /** Ferry's home page, under the server's Path. */
  home: string;
}

export type CompiledPage = ReturnType<Eta['compile']>;

export class PageRenderer {
  private readonly eta = new Eta({ autoEscape: true, useWith: false });
  private readonly frame: PageFrame;

  /**
   * `basePath`: the server's Path ("" or "/ferry"), which the pages' links start with; `assetsPath`: where under it
   * Ferry's built assets are served.
   */
  constructor(
    readonly basePath: string,
    assetsPath: string,
  ) {
    const look = appLook(assetsPath);
    this.frame = {
      stylesheets: look.stylesheets.map((file) => `${basePath}/${file}`),
      icon: look.icon && `${basePath}/${look.icon}`,
      home: `${basePath}/`,
    };
    this.eta.loadTemplate('@layout', LAYOUT_TEMPLATE);
    this.eta.loadTemplate('@password-form', PASSWORD_FORM_TEMPLATE);
    this.eta.loadTemplate('@preview', PREVIEW_TEMPLATE);
  }

  /** Throws when the source does not compile. */
  compile(source: string): CompiledPage {
    return this.eta.compile(source);
  }

  /** The page in `language`: its tag and direction on <html>, its words as `it.t`. */
  render(page: CompiledPage, view: object, language: PageLanguage): string {
    return this.eta.render(page, { ...this.frame, ...language, ...view });
  }
}
