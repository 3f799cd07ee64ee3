// A browser as far as sign-in flows need one: keeps cookies per origin, follows redirects by hand (so a test can
// stop before a URL it wants to request itself), and submits the simple HTML forms a provider's login and consent pages show.

export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  /** One request, no redirect followed; cookies sent and kept. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookies = this.cookieHeader(url);
    if (cookies) headers.set('Cookie', cookies);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.keep(url, response.headers.getSetCookie());
    return response;
  }

  /**
   * GETs `url` and follows redirects, filling in the forms met on the way (`fill` gives the fields to set, by the
   * form's hidden "prompt" value), until the next URL to visit is one `until` accepts: that URL, not yet visited.
   */
  async walkTo(
    url: string,
    until: (url: string) => boolean,
    fill: (prompt: string) => Record<string, string> = () => ({}),
  ): Promise<string> {
    let response = await this.request(url);
    let current = url;
    for (let step = 0; step < 20; step++) {
      const location = response.headers.get('location');
      const form = location ? undefined : parseForm(await response.text(), current);
      const next = location ? new URL(location, current).href : form?.action;
      if (!next) throw new Error(`no redirect and no form at ${current} (${response.status})`);
      if (until(next)) return next;
      current = next;
      response = form
        ? await this.request(next, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ ...form.fields, ...fill(form.fields.prompt ?? '') }).toString(),
          })
        : await this.request(next);
    }
    throw new Error(`too many steps from ${url}`);
  }

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).origin)?.get(name);
  }

  cookieHeader(url: string): string {
    return [...(this.jar.get(new URL(url).origin) ?? [])].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keep(url: string, setCookies: string[]): void {
    const origin = new URL(url).origin;
    const cookies = this.jar.get(origin) ?? new Map<string, string>();
    this.jar.set(origin, cookies);
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some(
        (a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()),
      );
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
  }
}

/** The page's first form: where it posts and its hidden fields. */
function parseForm(html: string, pageUrl: string): { action: string; fields: Record<string, string> } | undefined {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return undefined;
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input[^>]*type="hidden"[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    if (name) fields[name] = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
  }
  return { action: new URL(decodeEntities(form[1]!), pageUrl).href, fields };
}

const decodeEntities = (text: string) =>
  text
    .replace(/&amp;/g, '&')
    .replace(/&#x2F;/gi, '/')
    .replace(/&quot;/g, '"');
