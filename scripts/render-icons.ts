// Renders the installed app's PNG icons from their SVGs in Chromium (the one the web tests use), for the browsers
// and launchers that want PNGs at fixed sizes. Run after changing an icon's SVG: `npx tsx scripts/render-icons.ts`;
// the PNGs are committed, so that a build needs no image library.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const ICONS = path.resolve(import.meta.dirname, '../src/web/public/icons');
const RENDERS = [
  { svg: 'icon.svg', png: 'icon-192.png', size: 192 },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512 },
  { svg: 'icon-maskable.svg', png: 'icon-maskable-512.png', size: 512 },
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
try {
  for (const { svg, png, size } of RENDERS) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const source = readFileSync(path.join(ICONS, svg), 'utf8').replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block}</style>${source}`);
    await page.screenshot({ path: path.join(ICONS, png), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
