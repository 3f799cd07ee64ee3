// Client-side pages at their own paths (/, /d, /login, /account, /admin, /cli-auth), which Ferry answers with index.html.
// Paths the API uses (/upload/:id, /me, /users...) are never pages, so scripts keep getting JSON there.
import { signal } from '@preact/signals';
import { BASE, pagePath } from './base';

export interface Route {
  /** The page path under Ferry: "/", "/d", "/login"... */
  path: string;
  query: URLSearchParams;
}

/**
 * Plik's web page keeps its views in the fragment: /#/?id=… is an upload (links Plik users already shared) and
 * /#/login is where Ferry sends a browser back after signing in elsewhere. They map onto this app's pages.
 */
function fromPlikAddress(): void {
  if (!location.hash.startsWith('#/')) return;
  const plik = new URL(location.hash.slice(1), 'http://plik');
  const id = plik.searchParams.get('id');
  const to = id ? `d?id=${encodeURIComponent(id)}` : plik.pathname === '/login' ? 'login' : '';
  history.replaceState(null, '', new URL(to, BASE));
}
fromPlikAddress();

const current = (): Route => ({ path: pagePath(location.pathname), query: new URLSearchParams(location.search) });

export const route = signal<Route>(current());

/** The address of a page, e.g. pageUrl('/d?id=abc') → https://host/ferry/d?id=abc. */
export const pageUrl = (to: string) => new URL(to.replace(/^\//, ''), BASE).toString();

export function navigate(to: string, { replace = false } = {}): void {
  const url = pageUrl(to);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  route.value = current();
  window.scrollTo(0, 0);
}

addEventListener('popstate', () => {
  route.value = current();
});
