// Where Ferry lives: the app's own URL, one folder up (assets/ when built, app/ under Vite's dev server).
// Deriving it here means the same build works at / and under a Path prefix such as /ferry/.
export const BASE = new URL(/* @vite-ignore */ '../', import.meta.url);

/** An absolute URL for a path under Ferry, e.g. apiUrl('upload/abc'). */
export const apiUrl = (path: string) => new URL(path.replace(/^\//, ''), BASE).toString();

/** A page path under Ferry (what the router sees), e.g. /d for https://host/ferry/d. */
export function pagePath(pathname: string): string {
  const base = BASE.pathname;
  return pathname.startsWith(base) ? `/${pathname.slice(base.length)}` : pathname;
}
