// Downloads from password-protected uploads. A link the browser follows cannot carry an Authorization header,
// so before following one the page requests the same URL (HEAD, which never counts as a download) through
// XMLHttpRequest with the login and password: the browser keeps them in its HTTP authentication cache and
// sends them along with the download that follows. Without this, the browser would ask for them a second time.

/** The credentials given for protected uploads on this page, by upload id; kept in memory only. */
const given = new Map<string, { login: string; password: string }>();

export const setCredentials = (uploadId: string, login: string, password: string) => given.set(uploadId, { login, password });
export const credentialsFor = (uploadId: string) => given.get(uploadId);

function prime(url: string, login: string, password: string): Promise<void> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('HEAD', url, true, login, password);
    xhr.onloadend = () => resolve();
    xhr.send();
  });
}

/** Follows a download link, first handing the browser the upload's credentials if the page has them. */
export async function followDownload(uploadId: string, url: string, attachment: boolean): Promise<void> {
  const credentials = given.get(uploadId);
  if (credentials) await prime(url, credentials.login, credentials.password);
  const link = document.createElement('a');
  link.href = url;
  if (attachment) link.download = '';
  link.click();
}
