// The password of a protected upload, as this tab was given it, and downloads from such uploads.
//
// One rule for people: an upload is opened with its password; a login is asked for only as an exception (Plik's
// clients can set one; the page's uploads keep Plik's default, as Ferry's /d page implies it). The pair is kept
// in sessionStorage: a reload or a step back in this tab does not ask again, a new tab or a closed one does. That
// is no longer than the browser keeps it anyway once a download has been primed (its HTTP authentication cache
// lasts the browser's session), and never localStorage, which would keep a password on the disk for good.
//
// A link the browser follows cannot carry an Authorization header, so before following one the page requests
// the same URL (HEAD, which never counts as a download) through XMLHttpRequest with the login and password: the
// browser keeps them in its HTTP authentication cache and sends them along with the download that follows.
// Without this, the browser would ask for them a second time.

/** Plik's login when a password comes without one (the server's DEFAULT_LOGIN). */
export const DEFAULT_LOGIN = 'plik';

interface Credentials {
  login: string;
  password: string;
}

const keyOf = (uploadId: string) => `ferry.credentials.${uploadId}`;

/** Keeps the password given for an upload, with its login if the uploader chose one (empty: Plik's default). */
export function setCredentials(uploadId: string, password: string, login: string): void {
  const credentials: Credentials = { login: login || DEFAULT_LOGIN, password };
  sessionStorage.setItem(keyOf(uploadId), JSON.stringify(credentials));
}

export function credentialsFor(uploadId: string): Credentials | undefined {
  const stored = sessionStorage.getItem(keyOf(uploadId));
  if (stored === null) return undefined;
  const parsed = JSON.parse(stored) as Partial<Credentials>;
  return typeof parsed.login === 'string' && typeof parsed.password === 'string'
    ? { login: parsed.login, password: parsed.password }
    : undefined;
}

/** Forgets a pair Ferry refused, so that it is not tried again on the next reload. */
export const forgetCredentials = (uploadId: string) => sessionStorage.removeItem(keyOf(uploadId));

function prime(url: string, login: string, password: string): Promise<void> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('HEAD', url, true, login, password);
    xhr.onloadend = () => resolve();
    xhr.send();
  });
}

/** Hands the browser the upload's credentials for this URL if the page has them: an <img> or a frame sends no header. */
export async function primeCredentials(uploadId: string, url: string): Promise<void> {
  const credentials = credentialsFor(uploadId);
  if (credentials) await prime(url, credentials.login, credentials.password);
}

/** Follows a download link, first handing the browser the upload's credentials if the page has them. */
export async function followDownload(uploadId: string, url: string, attachment: boolean): Promise<void> {
  await primeCredentials(uploadId, url);
  const link = document.createElement('a');
  link.href = url;
  if (attachment) link.download = '';
  link.click();
}
