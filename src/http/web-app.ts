// Which web app answers at the page paths: Ferry's own (built into dist/web), another one from a folder
// (WebappDirectory, e.g. Plik's own web app), or none (NoWebInterface: the API alone). The pages the server draws
// (/d, error pages) stay in every case, styled with Ferry's stylesheets, which move out of another app's way.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/schema.js';

/** `unusable`: a WebappDirectory that holds no index.html, named in a start-up warning. */
export type WebApp = { kind: 'ferry'; unusable?: string } | { kind: 'folder'; folder: string } | { kind: 'none' };

export function webAppOf(config: Pick<Config, 'NoWebInterface' | 'WebappDirectory'>): WebApp {
  if (config.NoWebInterface) return { kind: 'none' };
  const folder = config.WebappDirectory && path.resolve(config.WebappDirectory);
  if (!folder) return { kind: 'ferry' };
  // Every plikd.cfg names Plik's default ("../webapp/dist"): where that holds no app, Ferry's own serves, as Plik
  // warns and goes on.
  return existsSync(path.join(folder, 'index.html')) ? { kind: 'folder', folder } : { kind: 'ferry', unusable: folder };
}

/** Where Ferry's built assets are served, relative to the server's Path: beside another app, out of its /assets/. */
export const ferryAssetsPath = (webApp: WebApp): string => (webApp.kind === 'folder' ? '_ferry/assets/' : 'assets/');
