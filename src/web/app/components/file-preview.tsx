// A file's preview on the share page, of the kind Ferry says it has (GET /preview, never a download): an image,
// a player, the browser's PDF viewer, or the start of a text (highlighted, Markdown rendered and sanitised, JSON
// pretty-printed). Loaded once the card comes into view. The preview's own answer is sandboxed by Ferry, so a
// frame needs no sandbox attribute here (Chromium would refuse to show a PDF in one).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RequestOptions } from '../api/client';
import { credentialsFor, primeCredentials } from '../api/download-auth';
import { previewTextUrl, previewUrl } from '../api/links';
import type { PlikFile, PlikUpload } from '../api/types';
import { renderMarkdown } from '../markdown';
import { t } from '../state/language';

interface Props {
  upload: PlikUpload;
  file: PlikFile;
  linkSecret: string | undefined;
  /** What the page proves to Ferry about the upload, for the texts it reads itself. */
  request: RequestOptions;
}

export function FilePreview(props: Props) {
  const box = useRef<HTMLDivElement>(null);
  const visible = useVisible(box);
  const kind = props.file.preview;
  if (!kind) return null;
  return (
    <div class={`file-preview preview-${kind}`} ref={box} data-testid="preview">
      {visible && (kind === 'text' || kind === 'markdown' || kind === 'json' ? <TextPreview {...props} /> : <MediaPreview {...props} />)}
    </div>
  );
}

/** True once the element is near the viewport: a page of many files loads only the previews someone scrolls to. */
function useVisible(element: { current: HTMLElement | null }): boolean {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const target = element.current;
    if (!target || visible) return;
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && setVisible(true), {
      rootMargin: '200px',
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [element, visible]);
  return visible;
}

function MediaPreview({ upload, file, linkSecret, request }: Props) {
  const url = previewUrl(upload, file, linkSecret);
  // Without its password (an owner known by the upload token alone), an element would meet the browser's own
  // login dialog; a session makes the owner known to the browser's requests too.
  const provable = !upload.protectedByPassword || credentialsFor(upload.id) !== undefined || request.credentials === 'same-origin';
  // An element sends no Authorization header: the browser is handed the password first, when the page has it.
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    void primeCredentials(upload.id, url).then(() => current && setReady(true));
    return () => {
      current = false;
    };
  }, [upload.id, url]);
  if (!provable) return <p class="hint">{t().previewNeedsPassword}</p>;
  if (failed) return <p class="hint">{t().previewFailed}</p>;
  if (!ready) return <p class="hint">{t().previewLoading}</p>;
  const label = t().previewOf(file.fileName);
  const onError = () => setFailed(true);
  switch (file.preview) {
    case 'image':
      return <img src={url} alt={label} loading="lazy" onError={onError} />;
    case 'video':
      // biome-ignore lint/a11y/useMediaCaption: a shared file comes with no captions to offer.
      return <video src={url} controls preload="metadata" aria-label={label} onError={onError} />;
    case 'audio':
      // biome-ignore lint/a11y/useMediaCaption: a shared file comes with no captions to offer.
      return <audio src={url} controls preload="metadata" aria-label={label} onError={onError} />;
    default:
      return <iframe src={url} title={label} loading="lazy" />;
  }
}

type TextState = { kind: 'loading' } | { kind: 'failed' } | { kind: 'shown'; html: string; truncated: boolean };

function TextPreview({ upload, file, request }: Props) {
  const [state, setState] = useState<TextState>({ kind: 'loading' });
  // The page gives a new upload and new options each time it checks the upload: read again only if they differ.
  const asked = useRef({ upload, file, request });
  asked.current = { upload, file, request };
  const changed = JSON.stringify([upload.id, file.id, file.preview, request]);
  useEffect(() => {
    let current = true;
    const { upload, file, request } = asked.current;
    void readText(upload, file, request).then(
      (shown) => current && setState({ kind: 'shown', ...shown }),
      () => current && setState({ kind: 'failed' }),
    );
    return () => {
      current = false;
    };
  }, [changed]);
  switch (state.kind) {
    case 'loading':
      return <p class="hint">{t().previewLoading}</p>;
    case 'failed':
      return <p class="hint">{t().previewFailed}</p>;
    case 'shown':
      return (
        <>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable from the keyboard. */}
          <section class="preview-text-box" aria-label={t().previewOf(file.fileName)} tabIndex={0}>
            {file.preview === 'markdown' ? (
              <div class="markdown" dangerouslySetInnerHTML={{ __html: state.html }} />
            ) : (
              <pre>
                <code class="hljs" dangerouslySetInnerHTML={{ __html: state.html }} />
              </pre>
            )}
          </section>
          {state.truncated && <p class="hint">{t().previewTruncated}</p>}
        </>
      );
  }
}

/** The start of the file as HTML to show: Markdown rendered and sanitised, JSON pretty, code highlighted. */
async function readText(upload: PlikUpload, file: PlikFile, request: RequestOptions): Promise<{ html: string; truncated: boolean }> {
  const response = await fetch(previewTextUrl(upload, file), { headers: request.headers, credentials: request.credentials });
  if (!response.ok) throw new Error(`preview: ${response.status}`);
  const truncated = response.headers.get('X-Preview-Truncated') === 'true';
  // A cut may fall inside a character: its remains are dropped.
  const text = (await response.text()).replace(/\uFFFD$/, '');
  if (file.preview === 'markdown') return { html: renderMarkdown(text), truncated };
  const { highlighted } = await import('../highlight');
  if (file.preview === 'json') return { html: highlighted(prettyJson(text), 'preview.json'), truncated };
  return { html: highlighted(text, file.fileName), truncated };
}

/** JSON indented; the start of a long file, which does not parse, as it came. */
function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
