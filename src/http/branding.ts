// What the pages are given of BrandingFile: the stylesheet that carries its colours and the admin's own CSS (a file
// from Ferry, so the CSP stays "style-src 'self'"), the JSON the web app reads, and the image origin a logo URL adds
// to the pages' CSP.
import type { Branding } from '../config/branding.js';
import type { PublicBranding } from '../protocol/ferry-branding.js';

/** Where, under the server's Path, the branding stylesheet and a logo file are served (routes/branding.ts). */
export const BRANDING_STYLESHEET = 'branding.css';
export const BRANDING_LOGO = 'branding/logo';

export function publicBranding(branding: Branding): PublicBranding {
  return {
    name: branding.name,
    logo: branding.logo === null ? null : branding.logo.kind === 'url' ? branding.logo.url : BRANDING_LOGO,
    footer: branding.footer,
    stylesheet: hasStylesheet(branding) ? BRANDING_STYLESHEET : null,
  };
}

export const hasStylesheet = (branding: Branding) =>
  branding.colors.primary !== null || branding.colors.accent !== null || branding.customCss !== '';

/**
 * The colours as the custom properties styles.css reads (--primary, --primary-text, --brand-accent), then the
 * admin's CSS. The text on the primary colour is black or white, whichever stands out more. The high-contrast
 * theme sets its own with a stronger selector: it stays high-contrast whatever the brand.
 */
export function brandingCss(branding: Branding): string {
  const { primary, accent } = branding.colors;
  const properties = [
    ...(primary ? [`--primary: ${primary};`, `--primary-text: ${textOn(primary)};`] : []),
    ...(accent ? [`--brand-accent: ${accent};`] : []),
  ];
  const colours = properties.length > 0 ? `:root {\n  ${properties.join('\n  ')}\n}\n` : '';
  return `/* BrandingFile */\n${colours}${branding.customCss}`;
}

/** The CSP's img-src gains the origin of a logo that is not served by Ferry. */
export function withLogoOrigin(csp: string, branding: Branding): string {
  if (branding.logo?.kind !== 'url') return csp;
  const origin = new URL(branding.logo.url).origin;
  return csp.replace(/img-src ([^;]*)/, `img-src $1 ${origin}`);
}

/** Black or white: the one of higher contrast on `colour` (#rgb, #rrggbb or rgb(), as branding.ts accepts). */
function textOn(colour: string): string {
  const luminance = relativeLuminance(channels(colour));
  return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? '#000000' : '#ffffff';
}

function channels(colour: string): number[] {
  if (!colour.startsWith('#')) return (colour.match(/\d+/g) ?? []).map(Number);
  const hex = colour.length === 4 ? [...colour.slice(1)].map((c) => c + c).join('') : colour.slice(1);
  return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
}

/** WCAG 2's relative luminance of an sRGB colour. */
function relativeLuminance([r = 0, g = 0, b = 0]: number[]): number {
  const linear = (v: number) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}
