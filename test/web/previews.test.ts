// The share page's previews in Chromium against a real Ferry: each kind shown in its file's card (an image, players
// that load, the PDF viewer, highlighted code, Markdown, pretty JSON), none for limited files, a protected upload's
// once its password is given, and the scripts inside an HTML or SVG file never run, in the page or opened alone.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { enterPassword, ferryInChromium, screenshot } from '../helpers/chromium.js';
import { addFile, createUpload, fileUrl, type FileJson, type UploadJson } from '../helpers/plik-client.js';

const web = ferryInChromium();

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A one-page PDF that says "Hello PDF". */
function pdf(): Buffer {
  const text = 'BT /F1 24 Tf 20 100 Td (Hello PDF) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  return Buffer.from(`${body}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
}

/** Half a second of a 440 Hz tone: 8-bit mono PCM at 8 kHz. */
function wav(): Buffer {
  const samples = Buffer.from(Array.from({ length: 4000 }, (_, i) => Math.round(128 + 100 * Math.sin((2 * Math.PI * 440 * i) / 8000))));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples.length, 40);
  return Buffer.concat([header, samples]);
}

/** A short WebM video, recorded by Chromium itself from a canvas (there is no encoder on the machine). */
async function webm(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const context = canvas.getContext('2d')!;
    const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm' });
    const parts: Blob[] = [];
    recorder.ondataavailable = (event) => parts.push(event.data);
    const stopped = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.start();
    for (let frame = 0; frame < 10; frame++) {
      context.fillStyle = `hsl(${frame * 36} 80% 50%)`;
      context.fillRect(0, 0, 64, 48);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    recorder.stop();
    await stopped;
    const bytes = new Uint8Array(await new Blob(parts).arrayBuffer());
    return btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(''));
  });
  return Buffer.from(base64, 'base64');
}

const HTML = '<!doctype html><h1>Page</h1><script>alert("html ran")</script>';
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" onload="alert(\'svg onload ran\')"><rect width="20" height="20" fill="red"/><script>alert("svg ran")</script></svg>';
const MARKDOWN =
  '# Release notes\n\nSome **bold** words.\n\n<script>alert("markdown ran")</script><img src=x onerror="alert(\'img ran\')">\n';
const CODE = 'export function greet(name: string): string {\n  return "hello " + name;\n}\n';

/** The card of the file with this name. */
const card = (page: Page, name: string) => page.locator('li.file', { has: page.locator('.file-name', { hasText: name }) });

/** Alerts any script shows: none must. */
function alertsOf(page: Page): string[] {
  const alerts: string[] = [];
  page.on('dialog', (dialog) => {
    alerts.push(dialog.message());
    void dialog.dismiss();
  });
  return alerts;
}

describe('previews on the share page', () => {
  it("show each file's preview in its card, and no script of the files runs", async () => {
    const { page, errors } = await web.visitors.visitor();
    const alerts = alertsOf(page);
    await page.goto(`${web.ferry.url}/`);
    const upload = await createUpload(web.ferry.url, { comments: 'Here are the **files** we spoke of.' });
    const add = (content: string | Buffer, name: string, type?: string) =>
      addFile(web.ferry.url, upload, typeof content === 'string' ? content : new Uint8Array(content), name, type);
    await add(PNG, 'cat.png', 'image/png');
    await add(await webm(page), 'clip.webm', 'video/webm');
    await add(wav(), 'tone.wav', 'audio/wav');
    await add(pdf(), 'report.pdf', 'application/pdf');
    await add(CODE, 'greet.ts');
    await add(MARKDOWN, 'NOTES.md', 'text/markdown');
    await add('{"name":"ferry","tags":["a","b"]}', 'data.json', 'application/json');
    const html = await add(HTML, 'page.html', 'text/html');
    const svg = await add(SVG, 'logo.svg', 'image/svg+xml');

    await page.goto(`${web.ferry.url}/d?id=${upload.id}`);
    await page.locator('.markdown strong', { hasText: 'files' }).waitFor();

    const image = card(page, 'cat.png').locator('.file-preview img');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    const video = card(page, 'clip.webm').locator('.file-preview video');
    await video.scrollIntoViewIfNeeded();
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState >= HTMLMediaElement.HAVE_METADATA && v.videoWidth))
      .toBe(64);
    const audio = card(page, 'tone.wav').locator('.file-preview audio');
    await audio.scrollIntoViewIfNeeded();
    await expect
      .poll(() => audio.evaluate((a: HTMLAudioElement) => a.readyState >= HTMLMediaElement.HAVE_METADATA && a.duration))
      .toBe(0.5);
    const frame = card(page, 'report.pdf').locator('.file-preview iframe');
    await frame.scrollIntoViewIfNeeded();
    // Chromium's viewer opens inside the frame: a frame of its own extension, not an error page.
    await expect.poll(() => page.frames().some((f) => f.url().startsWith('chrome-extension://'))).toBe(true);
    expect(page.frames().map((f) => f.url())).not.toContain('chrome-error://chromewebdata/');

    const code = card(page, 'greet.ts').locator('.file-preview pre');
    await code.scrollIntoViewIfNeeded();
    await code.locator('.hljs-keyword', { hasText: 'function' }).waitFor();
    expect(await code.textContent()).toBe(CODE);
    const notes = card(page, 'NOTES.md').locator('.file-preview .markdown');
    await notes.scrollIntoViewIfNeeded();
    await notes.getByRole('heading', { name: 'Release notes' }).waitFor();
    expect(await notes.locator('strong').textContent()).toBe('bold');
    expect(await notes.locator('script, img').count()).toBe(0);
    const json = card(page, 'data.json').locator('.file-preview pre');
    await json.scrollIntoViewIfNeeded();
    await expect.poll(() => json.textContent()).toBe('{\n  "name": "ferry",\n  "tags": [\n    "a",\n    "b"\n  ]\n}');
    const source = card(page, 'page.html').locator('.file-preview pre');
    await source.scrollIntoViewIfNeeded();
    await expect.poll(() => source.textContent()).toBe(HTML);
    const logo = card(page, 'logo.svg').locator('.file-preview img');
    await logo.scrollIntoViewIfNeeded();
    await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(20);
    await screenshot(page, 'share-previews');

    // The page's policy let every preview in. Its own report of an inline handler is the comments' and the
    // Markdown's <img onerror> meeting the sanitiser, which drops it; the policy blocks it besides.
    expect(errors.filter((e) => !e.startsWith('Executing inline event handler'))).toEqual([]);

    // Opened alone, as someone who follows a preview's URL: shown, and the sandbox blocks the SVG's scripts.
    errors.length = 0;
    for (const file of [html, svg]) {
      await page.goto(fileUrl(web.ferry.url, upload, file, 'preview'));
      await page.waitForLoadState('load');
    }
    await page.waitForTimeout(300);
    expect(alerts).toEqual([]);
    expect(errors).toContain(
      `Blocked script execution in '${fileUrl(web.ferry.url, upload, svg, 'preview')}' because the document's frame is sandboxed and the 'allow-scripts' permission is not set.`,
    );
  });

  it('show none for a download-limited upload, whose downloads are all left', async () => {
    const { page } = await web.visitors.visitor();
    const upload = await createUpload(web.ferry.url, { maxDownloads: 2 });
    await addFile(web.ferry.url, upload, new Uint8Array(PNG), 'cat.png', 'image/png');
    await page.goto(`${web.ferry.url}/d?id=${upload.id}`);
    await card(page, 'cat.png').getByText('2 downloads left').waitFor();
    expect(await page.getByTestId('preview').count()).toBe(0);
    const after = (await (await fetch(`${web.ferry.url}/upload/${upload.id}`)).json()) as UploadJson;
    expect((after.files[0] as FileJson).remainingDownloads).toBe(2);
  });

  it("show a protected upload's previews once its password is given", async () => {
    const { page, errors } = await web.visitors.visitor();
    const upload = await createUpload(web.ferry.url, { login: 'plik', password: 'open sesame' });
    await addFile(web.ferry.url, upload, new Uint8Array(PNG), 'cat.png', 'image/png');
    await addFile(web.ferry.url, upload, CODE, 'greet.ts');
    await page.goto(`${web.ferry.url}/d?id=${upload.id}`);
    await enterPassword(page, 'open sesame');
    // Each preview checks the password, as a download does: that takes a while on a busy machine.
    const slow = { timeout: 40_000 };
    const image = card(page, 'cat.png').locator('.file-preview img');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), slow).toBe(1);
    await card(page, 'greet.ts').locator('.hljs-keyword', { hasText: 'function' }).waitFor(slow);
    expect(errors).toEqual([]);
  }, 60_000);
});
