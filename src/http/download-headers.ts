// Headers for file bytes sent to browsers: a type that cannot run as script, a safe disposition, no caching of one-time files.
import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply } from 'fastify';

/** A sandbox for anything opened inline: no script, no style, no plugin, no form, no framing. */
const DOWNLOAD_CSP =
  "default-src 'none'; script-src 'none'; style-src 'none'; img-src 'none'; connect-src 'none'; font-src 'none'; " +
  "object-src 'none'; media-src 'self'; child-src 'none'; form-action 'none'; frame-ancestors 'none'; sandbox";

const WELL_FORMED_TYPE = /^[a-z0-9][\w!#$&^.+-]*\/[\w!#$&^.+-]+(\s*;\s*[\w.+-]+=("[^"\r\n]*"|[\w.+-]+))*$/i;

/**
 * Types a browser shows without running anything, and that may therefore be shown inline: images (SVG is a
 * document with scripts, not an image), audio, video and plain text. The list is of what is allowed, not of what is
 * dangerous: browsers run more than anyone lists (text/jscript and text/livescript are JavaScript to them).
 */
const SHOWN_INLINE = /^(image\/[\w.+-]+|audio\/[\w.+-]+|video\/[\w.+-]+|text\/plain)\s*(;|$)/i;
/** Under those tops, a subtype naming a document format (image/svg+xml, video/xml) is not shown. */
const DOCUMENT_SUBTYPE = /svg|xml|html|xsl|script/i;

/**
 * How a stored type is served: a type on the list above with its type and inline (unless saving is asked for),
 * anything else, malformed types included, as bytes to save (application/octet-stream, attachment).
 */
export function servedAs(type: string): { type: string; inline: boolean } {
  const shown = WELL_FORMED_TYPE.test(type) && SHOWN_INLINE.test(type) && !DOCUMENT_SUBTYPE.test(type.split(';')[0]!);
  return shown ? { type, inline: true } : { type: 'application/octet-stream', inline: false };
}

/**
 * RFC 6266's header with the name twice: `filename*` in UTF-8 for browsers, and `filename` holding the name's UTF-8
 * bytes as they are, as Plik sends it. Clients that read only `filename` (curl -OJ, wget) then save the real name,
 * not the `?` of an ASCII fallback. HTTP carries such bytes in a quoted string; only `"` and `\` need escaping (file
 * names hold no control characters, and any that came would be dropped here).
 */
function dispositionOf(name: string, type: 'attachment' | 'inline'): string {
  const header = contentDisposition(name, { type });
  // An ASCII name needs no filename*, and its filename says it all.
  if (!header.includes('filename*=')) return header;
  const bytes = Buffer.from(name, 'utf8')
    .toString('latin1')
    .replace(/[\x00-\x1f\x7f]/g, '')
    .replace(/["\\]/g, '\\$&');
  return header.replace(/; filename="(?:[^"\\]|\\.)*"/, () => `; filename="${bytes}"`);
}

export interface DownloadHeaders {
  name: string;
  type: string;
  /** ?dl=1: save rather than show. */
  attachment: boolean;
  /** One-time files (oneShot, stream) must never be kept by a cache. */
  noCache: boolean;
}

export function setDownloadHeaders(reply: FastifyReply, headers: DownloadHeaders): void {
  reply.header('Content-Type', headers.type);
  reply.header('Content-Disposition', dispositionOf(headers.name, headers.attachment ? 'attachment' : 'inline'));
  reply.header('Content-Security-Policy', DOWNLOAD_CSP);
  if (headers.noCache) {
    reply.header('Cache-Control', 'no-cache, no-store, must-revalidate');
    reply.header('Pragma', 'no-cache');
    reply.header('Expires', '0');
  }
}
