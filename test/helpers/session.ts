// A signed-in browser, as far as HTTP goes: the session cookie and the XSRF header Plik's web client sends.
import { expect } from 'vitest';

export interface Session {
  /** Headers for a read: the cookies. */
  read: Record<string, string>;
  /** Headers for a change: the cookies and X-XSRFToken. */
  write: Record<string, string>;
  cookies: string[];
}

export async function signIn(base: string, login: string, password: string): Promise<Session> {
  const response = await fetch(`${base}/auth/local/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return sessionOf(response);
}

/** The session a response opened (a sign-in's, or its second step's). */
export function sessionOf(response: Response): Session {
  const cookies = response.headers.getSetCookie();
  const value = (name: string) =>
    cookies
      .find((c) => c.startsWith(`${name}=`))!
      .split(';')[0]!
      .slice(name.length + 1);
  const cookieHeader = `plik-session=${value('plik-session')}; plik-xsrf=${value('plik-xsrf')}`;
  return {
    cookies,
    read: { Cookie: cookieHeader },
    write: { Cookie: cookieHeader, 'X-XSRFToken': value('plik-xsrf'), 'Content-Type': 'application/json' },
  };
}
