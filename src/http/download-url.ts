// The base URL of download links as Plik 1.4 defines it (downloadURL): DownloadDomain + Path, else PlikDomain +
// Path. Ferry's DownloadDomain may also be a whole base URL with its own path, which is used as it is.
const isOrigin = (url: string) => new URL(url).pathname === '/';

/**
 * The base URL of file and archive links (Plik's downloadURL), from the options as configured; '' when neither
 * domain is set, for the request's own host.
 */
export function downloadUrlOf({ DownloadDomain, PlikDomain, Path }: { DownloadDomain: string; PlikDomain: string; Path: string }): string {
  if (DownloadDomain) return isOrigin(DownloadDomain) ? `${DownloadDomain}${Path}` : DownloadDomain;
  return PlikDomain ? `${PlikDomain}${Path}` : '';
}
