// Renders the pages the server draws: one Eta, which escapes every value it prints (`<%= %>`), holding the shared
// layout and password form, and the frame every page is given besides its own values (the app's stylesheets).
import { Eta } from 'eta';
import type { Branding } from '../config/branding.js';
import { hasStylesheet, publicBranding, withLogoOrigin } from './branding.js';
import type { PageLanguage } from './page-language.js';
import { LAYOUT_TEMPLATE, PASSWORD_FORM_TEMPLATE, PREVIEW_TEMPLATE } from './page-templates.js';
import { appLook } from './routes/web.js';
import { SERVER_PAGE_CSP } from './security-headers.js';

/** What every page sees in `it` besides its own values. */
interface PageFrame {
  /** The web app's stylesheets, none when it is not built. */
  stylesheets: string[];
  /** The high-contrast theme's stylesheet, applied when the system asks for more contrast. */
  highContrast: string | null;
  icon: string | null;
  /** Ferry's home page, under the server's Path. */
  home: string;
  /** BrandingFile's: the name instead of "Ferry", a logo's URL, the footer's text and the abuse contact. */
  brand: { name: string; logo: string | null; footer: string; abuseContact: string };
}

export type CompiledPage = ReturnType<Eta['compile']>;

export class PageRenderer {
  private readonly eta = new Eta({ autoEscape: true, useWith: false });
  private readonly frame: PageFrame;
  /** The pages' Content-Security-Policy, which allows a logo from elsewhere. */
  readonly csp: string;

  /**
   * `basePath`: the server's Path ("" or "/ferry"), which the pages' links start with; `assetsPath`: where under it
   * Ferry's built assets are served; `abuseContact`: AbuseContact, or the brand's.
   */
  constructor(
    readonly basePath: string,
    assetsPath: string,
    branding: Branding,
    abuseContact: string,
  ) {
    const look = appLook(assetsPath);
    const shown = publicBranding(branding);
    const served = (url: string) => (branding.logo?.kind === 'url' ? url : `${basePath}/${url}`);
    this.frame = {
      stylesheets: [...look.stylesheets, ...(hasStylesheet(branding) && shown.stylesheet ? [shown.stylesheet] : [])].map(
        (file) => `${basePath}/${file}`,
      ),
      highContrast: look.highContrast && `${basePath}/${look.highContrast}`,
      icon: look.icon && `${basePath}/${look.icon}`,
      home: `${basePath}/`,
      brand: { name: shown.name, logo: shown.logo && served(shown.logo), footer: shown.footer, abuseContact },
    };
    this.csp = withLogoOrigin(SERVER_PAGE_CSP, branding);
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
