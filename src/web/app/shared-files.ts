// The files shared to Ferry from another app (Web Share Target), as the service worker left them: taken once.
import { apiUrl } from './base';
import { NAME_HEADER, SHARE_CACHE } from '../sw/share-target';

export async function takeSharedFiles(shareId: string): Promise<File[]> {
  if (!('caches' in window)) return [];
  const cache = await caches.open(SHARE_CACHE);
  const prefix = apiUrl(`share/${encodeURIComponent(shareId)}/`);
  const order = (request: Request) => Number(request.url.slice(prefix.length));
  const requests = (await cache.keys()).filter((request) => request.url.startsWith(prefix)).sort((a, b) => order(a) - order(b));
  const files = await Promise.all(
    requests.map(async (request) => {
      const response = (await cache.match(request))!;
      const name = decodeURIComponent(response.headers.get(NAME_HEADER) ?? 'shared');
      return new File([await response.blob()], name, { type: response.headers.get('Content-Type') ?? '' });
    }),
  );
  await Promise.all(requests.map((request) => cache.delete(request)));
  return files;
}
