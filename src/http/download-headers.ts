// Headers for file bytes sent to browsers: a type that cannot run as script, a safe disposition, no caching of one-time files.
import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply } from 'fastify';

/** A sandbox for anything opened inline: no script, no style, no plugin, no form, no framing. */
const DOWNLOAD_CSP =
  "default-src 'none'; script-src 'none'; style-src 'none'; img-src 'none'; connect-src 'none'; font-src 'none'; " +
  "object-src 'none'; media-src 'self'; child-src 'none'; form-action 'none'; frame-ancestors 'none'; sandbox";

const WELL_FORMED_TYPE = /^[a-z0-9][\w!#$&^.+-]*\/[\w!#$&^.+-]+(\s*;\s*[\w.+-]+=("[^"\r\n]*"|[\w.+-]+))*$/i;

/**
 * The Content-Type a stored type is served with: HTML shows as its source text, types a browser could run
 * (SVG, XML and XSL, scripts, PDF, Flash, and multipart/x-mixed-replace, whose parts some browsers render as
 * pages) and anything malformed are plain bytes to save.
 */
export function servedContentType(type: string): string {
  if (!WELL_FORMED_TYPE.test(type)) return 'application/octet-stream';
  const lower = type.toLowerCase();
  if (lower.includes('html')) return 'text/plain; charset=utf-8';
  if (/svg|xml|xsl|javascript|ecmascript|pdf|flash|multipart/.test(lower)) return 'application/octet-stream';
  return type;
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
  reply.header('Content-Disposition', contentDisposition(headers.name, { type: headers.attachment ? 'attachment' : 'inline' }));
  reply.header('Content-Security-Policy', DOWNLOAD_CSP);
  if (headers.noCache) {
    reply.header('Cache-Control', 'no-cache, no-store, must-revalidate');
    reply.header('Pragma', 'no-cache');
    reply.header('Expires', '0');
  }
}
