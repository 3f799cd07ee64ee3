// An organisation's look without rebuilding the page (BrandingFile): its name, logo, colours, footer, abuse contact
// and a stylesheet of its own, read and checked once at start, so that a mistake stops start-up with the key's
// name rather than showing a half-branded page. TOML, or JSON when the file's name ends in .json.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { ConfigError } from './load.js';

/** The logo: a file Ferry serves itself (read at start), or an image elsewhere, which the pages' CSP then allows. */
export type BrandLogo = { kind: 'file'; bytes: Buffer; type: string } | { kind: 'url'; url: string };

export interface Branding {
  /** The product's name where the page says "Ferry": header, titles, the installed app. */
  name: string;
  logo: BrandLogo | null;
  /** CSS colours, checked: the primary buttons' colour, and the header's accent line. */
  colors: { primary: string | null; accent: string | null };
  footer: string;
  /** Where to report abuse; AbuseContact, when set, says it instead. */
  abuseContact: string;
  /** The text of the admin's stylesheet, served after Ferry's own. */
  customCss: string;
}

export const DEFAULT_BRANDING: Branding = {
  name: 'Ferry',
  logo: null,
  colors: { primary: null, accent: null },
  footer: '',
  abuseContact: '',
  customCss: '',
};

const LOGO_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
};
const MAX_LOGO_BYTES = 1024 * 1024;
const MAX_CSS_BYTES = 256 * 1024;

/** The colours a page can be given: hex, or rgb() with numbers; both can be weighed for contrast (branding-css.ts). */
const COLOUR = /^(#[0-9a-f]{3}|#[0-9a-f]{6}|rgb\(\s*\d{1,3}(\s*,\s*|\s+)\d{1,3}(\s*,\s*|\s+)\d{1,3}\s*\))$/i;
const colour = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const inRange = value.startsWith('#') || (value.match(/\d+/g) ?? []).every((n) => Number(n) <= 255);
    if (!COLOUR.test(value) || !inRange)
      ctx.addIssue({ code: 'custom', message: `not a colour: ${JSON.stringify(value)} (use #rrggbb, #rgb or rgb(r g b))` });
  });

/** One line of text: no markup is ever made of it (pages escape it), but no control characters either. */
const line = (max: number) =>
  z
    .string()
    .max(max)
    .refine((text) => !/[\u0000-\u001f\u007f]/.test(text), 'must be one line of text, without control characters');

const brandingSchema = z
  .object({
    Name: line(64).min(1).optional(),
    Logo: z.string().trim().min(1).optional(),
    Colors: z.object({ Primary: colour.optional(), Accent: colour.optional() }).strict().optional(),
    Footer: line(500).optional(),
    AbuseContact: line(255).optional(),
    CustomCSS: z.string().trim().min(1).optional(),
  })
  .strict();

/** '' : Ferry's own look. Paths in the file (Logo, CustomCSS) are relative to the file's folder. */
export function readBranding(file: string): Branding {
  if (!file) return DEFAULT_BRANDING;
  const text = readText('BrandingFile', file);
  let parsed: unknown;
  try {
    parsed = file.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseToml(text);
  } catch (err) {
    throw new ConfigError(`BrandingFile ${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'TOML'}: ${(err as Error).message}`);
  }
  const result = brandingSchema.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const where = issue.path.join('.');
      return issue.code === 'unrecognized_keys'
        ? `${where ? `${where}: ` : ''}unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.join(', ')}`
        : `${where}: ${issue.message}`;
    });
    throw new ConfigError(`BrandingFile ${file}:\n  ${problems.join('\n  ')}`);
  }
  const options = result.data;
  const folder = path.dirname(path.resolve(file));
  return {
    name: options.Name ?? DEFAULT_BRANDING.name,
    logo: options.Logo ? logoOf(options.Logo, folder, file) : null,
    colors: { primary: options.Colors?.Primary ?? null, accent: options.Colors?.Accent ?? null },
    footer: options.Footer ?? '',
    abuseContact: options.AbuseContact ?? '',
    customCss: options.CustomCSS ? customCssOf(path.resolve(folder, options.CustomCSS), file) : '',
  };
}

function logoOf(logo: string, folder: string, file: string): BrandLogo {
  if (/^[a-z][a-z0-9+.-]*:/i.test(logo)) {
    if (!URL.canParse(logo) || !/^https?:$/.test(new URL(logo).protocol))
      throw new ConfigError(`BrandingFile ${file}: Logo: ${JSON.stringify(logo)} is neither a file nor an http(s) URL`);
    return { kind: 'url', url: new URL(logo).href };
  }
  const logoFile = path.resolve(folder, logo);
  const type = LOGO_TYPES[path.extname(logoFile).toLowerCase()];
  if (!type)
    throw new ConfigError(`BrandingFile ${file}: Logo: ${logoFile} is not an image Ferry serves (${Object.keys(LOGO_TYPES).join(', ')})`);
  const bytes = readBytes(`BrandingFile ${file}: Logo`, logoFile);
  if (bytes.length > MAX_LOGO_BYTES) throw new ConfigError(`BrandingFile ${file}: Logo: ${logoFile} is over 1 MB`);
  return { kind: 'file', bytes, type };
}

function customCssOf(cssFile: string, file: string): string {
  const css = readText(`BrandingFile ${file}: CustomCSS`, cssFile);
  if (Buffer.byteLength(css) > MAX_CSS_BYTES) throw new ConfigError(`BrandingFile ${file}: CustomCSS: ${cssFile} is over 256 KB`);
  return css;
}

const readText = (what: string, file: string) => readBytes(what, file).toString('utf8');

function readBytes(what: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ConfigError(`${what}: cannot read ${file}: ${(err as Error).message}`);
  }
}
