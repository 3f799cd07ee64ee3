// Upload comments: markdown to HTML, then sanitised, so that a comment can format text but never run script.
import DOMPurify from 'dompurify';
import { marked } from 'marked';

// Links in comments open in a new tab and tell the target nothing about Ferry.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
});

export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true, breaks: true });
  // Images are dropped: the page's CSP would block remote ones, and they would tell a third party who reads the comment.
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['img', 'style', 'form', 'input', 'button'] });
}
