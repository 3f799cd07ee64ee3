// What look tests measure in Chromium: the contrast of every text on the rendered page (test/web/look.test.ts).
import type { Page } from 'playwright-core';

export interface LowContrast {
  text: string;
  color: string;
  background: string;
  ratio: number;
}

/**
 * Text on the page whose contrast is under `minimum`: each visible text node, form control's own text and
 * placeholder, with its computed colour (its and its ancestors' opacity applied) over the backgrounds behind it
 * composited up to the root. Disabled controls are left out, as WCAG leaves them out.
 */
export const lowContrast = (page: Page, minimum: number) =>
  page.evaluate((minimum): LowContrast[] => {
    type Rgba = [number, number, number, number];
    const parse = (css: string): Rgba => {
      const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
      return [r, g, b, css.startsWith('rgba') || css.includes('/') ? a : 1];
    };
    const over = (top: Rgba, below: Rgba): Rgba => {
      const a = top[3];
      return [0, 1, 2].map((i) => top[i]! * a + below[i]! * (1 - a)).concat(1) as Rgba;
    };
    const luminance = ([r, g, b]: Rgba) =>
      [r, g, b]
        .map((v) => v / 255)
        .map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i]!, 0);
    const ratio = (a: Rgba, b: Rgba) => {
      const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (light! + 0.05) / (dark! + 0.05);
    };
    const backgroundOf = (element: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let e: Element | null = element; e; e = e.parentElement) {
        const layer = parse(getComputedStyle(e).backgroundColor);
        if (layer[3] > 0) layers.push(layer);
        if (layer[3] === 1) break;
      }
      return layers.reduceRight<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1]);
    };
    const opacityOf = (element: Element) => {
      let opacity = 1;
      for (let e: Element | null = element; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
      return opacity;
    };
    const found: LowContrast[] = [];
    const check = (element: Element, text: string, colour: string) => {
      if (!element.checkVisibility({ visibilityProperty: true }) || element.closest(':disabled')) return;
      const background = backgroundOf(element);
      const [r, g, b, a] = parse(colour);
      const shown = over([r, g, b, a * opacityOf(element)], background);
      const value = ratio(shown, background);
      if (value < minimum)
        found.push({
          text: text.slice(0, 40),
          color: colour,
          background: `rgb(${background.slice(0, 3).join(', ')})`,
          ratio: Math.round(value * 100) / 100,
        });
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const parent = node.parentElement;
      if (text && parent && !parent.closest('option, script, style')) check(parent, text, getComputedStyle(parent).color);
    }
    for (const control of document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
      'input, select, textarea',
    )) {
      if (control.type === 'checkbox' || control.type === 'hidden' || control.type === 'file') continue;
      check(control, `${control.tagName.toLowerCase()} ${control.id}`, getComputedStyle(control).color);
      if ('placeholder' in control && control.placeholder)
        check(control, `placeholder ${control.placeholder}`, getComputedStyle(control, '::placeholder').color);
    }
    return found;
  }, minimum);
