// BrandingFile: read and checked at start, TOML or JSON, its mistakes named by key; `ferry serve` refuses a bad one.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BRANDING, readBranding } from '../../src/config/branding.js';
import { brandingCss, withLogoOrigin } from '../../src/http/branding.js';
import { PAGE_CSP } from '../../src/http/routes/web.js';

let folder: string;
const write = async (name: string, content: string | Buffer) => {
  const file = path.join(folder, name);
  await writeFile(file, content);
  return file;
};

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'ferry-branding-'));
  await write('logo.svg', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>');
  await write('acme.css', '.site-footer { letter-spacing: 0.1em; }\n');
});

describe('readBranding', () => {
  it("is Ferry's own look without a file", () => {
    expect(readBranding('')).toBe(DEFAULT_BRANDING);
  });

  it('reads a TOML file, the logo and the stylesheet relative to it', async () => {
    const file = await write(
      'branding.toml',
      [
        'Name = "Acme Files"',
        'Logo = "logo.svg"',
        'Footer = "Acme Corp, internal use"',
        'AbuseContact = "abuse@acme.example"',
        'CustomCSS = "acme.css"',
        '[Colors]',
        'Primary = "#7a1fa2"',
        'Accent = "rgb(255, 160, 0)"',
      ].join('\n'),
    );
    const branding = readBranding(file);
    expect(branding).toMatchObject({
      name: 'Acme Files',
      colors: { primary: '#7a1fa2', accent: 'rgb(255, 160, 0)' },
      footer: 'Acme Corp, internal use',
      abuseContact: 'abuse@acme.example',
      customCss: '.site-footer { letter-spacing: 0.1em; }\n',
      logo: { kind: 'file', type: 'image/svg+xml' },
    });
    // White on a dark purple, the custom CSS after the colours.
    expect(brandingCss(branding)).toBe(
      '/* BrandingFile */\n:root {\n  --primary: #7a1fa2;\n  --primary-text: #ffffff;\n  --brand-accent: rgb(255, 160, 0);\n}\n.site-footer { letter-spacing: 0.1em; }\n',
    );
  });

  it('reads JSON when the name ends in .json, a logo URL as it is, black text on a light primary', async () => {
    const file = await write(
      'branding.json',
      JSON.stringify({ Name: 'Files', Logo: 'https://cdn.example.com/logo.png', Colors: { Primary: '#fc0' } }),
    );
    const branding = readBranding(file);
    expect(branding.logo).toEqual({ kind: 'url', url: 'https://cdn.example.com/logo.png' });
    expect(brandingCss(branding)).toContain('--primary-text: #000000;');
    // The pages may show that image, and nothing else of its server.
    expect(withLogoOrigin(PAGE_CSP, branding)).toContain("img-src 'self' data: blob: https://cdn.example.com;");
    expect(withLogoOrigin(PAGE_CSP, DEFAULT_BRANDING)).toBe(PAGE_CSP);
  });

  const refused: Array<[string, string, RegExp]> = [
    [
      'a colour that is not one',
      '[Colors]\nPrimary = "blurple"',
      /Colors\.Primary: not a colour: "blurple" \(use #rrggbb, #rgb or rgb\(r g b\)\)/,
    ],
    ['an rgb() out of range', '[Colors]\nAccent = "rgb(300 0 0)"', /Colors\.Accent: not a colour/],
    ['a key Ferry does not know', 'Name = "A"\nColour = "#fff"', /unknown key Colour/],
    ['a logo file that is not there', 'Logo = "missing.png"', /Logo: cannot read .*missing\.png/],
    ['a logo of a type not served', 'Logo = "acme.css"', /Logo: .*acme\.css is not an image Ferry serves/],
    [
      'a logo URL that is not http(s)',
      'Logo = "javascript:alert(1)"',
      /Logo: "javascript:alert\(1\)" is neither a file nor an http\(s\) URL/,
    ],
    ['a custom CSS file that is not there', 'CustomCSS = "gone.css"', /CustomCSS: cannot read .*gone\.css/],
    ['a footer of two lines', 'Footer = "one\\ntwo"', /Footer: must be one line of text/],
    ['a file that is not TOML', 'Name = ', /is not valid TOML/],
  ];
  for (const [what, content, message] of refused) {
    it(`refuses ${what}, naming the file and the key`, async () => {
      const file = await write('bad.toml', content);
      expect(() => readBranding(file)).toThrow(message);
      expect(() => readBranding(file)).toThrow(`BrandingFile ${file}`);
    });
  }

  it('refuses a file that cannot be read', () => {
    expect(() => readBranding(path.join(folder, 'none.toml'))).toThrow(/BrandingFile: cannot read .*none\.toml/);
  });
});

describe('ferry serve', () => {
  it('refuses to start with a wrong BrandingFile, saying what is wrong (exit 2)', async () => {
    const file = await write('serve.toml', '[Colors]\nPrimary = "nope"');
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ferry-start-'));
    const failure = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--data-dir', dataDir, '--port', '0', '-o', `BrandingFile=${file}`],
      { env: { PATH: process.env.PATH, FERRY_CONFIG: '' } },
    ).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toBe(
      `ferry: BrandingFile ${file}:\n  Colors.Primary: not a colour: "nope" (use #rrggbb, #rgb or rgb(r g b))\n`,
    );
  });
});
