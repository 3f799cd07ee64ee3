// A stand-in for GitHub on loopback, since the real one is not reachable from tests: its OAuth web flow (authorize
// page with a login form, code for token with PKCE S256 and the client secret, refusals answered with 200 and an
// "error" as GitHub answers them) and the REST API calls a sign-in makes (/user, /user/emails, organisation
// memberships), each checking the access token and the scope it was granted. The API is under /api/v3, where
// GitHub Enterprise Server has it, so that the two base URLs differ as they do at github.com.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHubTestAccount {
  id: number;
  name: string | null;
  /** The profile's public email, which a user may set to any of their addresses. */
  email: string | null;
  emails: { email: string; primary: boolean; verified: boolean }[];
  /** Organisation (any case) → membership state. */
  organizations?: Record<string, 'active' | 'pending'>;
  /** The API fails on /user for this account. */
  broken?: boolean;
}

export interface GitHubStandIn {
  /** GitHubURL */
  webUrl: string;
  /** GitHubApiURL */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  /** Every access token it issued. */
  issuedTokens: string[];
  /** The token requests it was sent, as their form fields. */
  tokenRequests: Record<string, string>[];
  close(): Promise<void>;
}

interface Grant {
  login: string;
  redirectUri: string;
  challenge: string;
  scope: string;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export async function startGitHubStandIn(accounts: Record<string, GitHubTestAccount>): Promise<GitHubStandIn> {
  const clientId = 'Iv1.ferrytest';
  const clientSecret = 'github-client-secret-for-tests';
  const codes = new Map<string, Grant>();
  const tokens = new Map<string, { login: string; scopes: string[] }>();
  const issuedTokens: string[] = [];
  const tokenRequests: Record<string, string>[] = [];

  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url!, base);
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    let text = '';
    for await (const chunk of request) text += chunk;
    const form = Object.fromEntries(new URLSearchParams(text));

    if (request.method === 'GET' && url.pathname === '/login/oauth/authorize') {
      const q = Object.fromEntries(url.searchParams);
      if (q.client_id !== clientId) return response.writeHead(404).end('unknown client');
      if (q.code_challenge_method !== 'S256' || !q.code_challenge) return response.writeHead(400).end('PKCE S256 expected');
      const hidden = { ...q, prompt: 'login' };
      const fields = Object.entries(hidden)
        .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
        .join('');
      return response
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end(
          `<!doctype html><title>Sign in to GitHub</title><form method="post" action="/login/oauth/authorize">${fields}` +
            '<input name="login" aria-label="Username"><button type="submit" name="decision" value="allow">Authorize</button>' +
            '<button type="submit" name="decision" value="deny">Cancel</button></form>',
        );
    }
    if (request.method === 'POST' && url.pathname === '/login/oauth/authorize') {
      const back = new URL(form.redirect_uri!);
      // "deny" is the user's Cancel; any other decision a test gives comes back as the error, as is.
      if (form.decision && form.decision !== 'allow') {
        back.search = new URLSearchParams({
          error: form.decision === 'deny' ? 'access_denied' : form.decision,
          error_description: 'The user has denied your application access.',
          state: form.state!,
        }).toString();
      } else {
        if (!accounts[form.login!]) return response.writeHead(401).end('unknown account');
        const code = randomBytes(10).toString('hex');
        codes.set(code, { login: form.login!, redirectUri: form.redirect_uri!, challenge: form.code_challenge!, scope: form.scope ?? '' });
        back.search = new URLSearchParams({ code, state: form.state! }).toString();
      }
      return response.writeHead(302, { Location: back.href }).end();
    }
    if (request.method === 'POST' && url.pathname === '/login/oauth/access_token') {
      tokenRequests.push(form);
      if (request.headers.accept !== 'application/json') return response.writeHead(200).end('access_token=only-as-json-here');
      if (form.client_id !== clientId || form.client_secret !== clientSecret) return json(200, { error: 'incorrect_client_credentials' });
      const grant = codes.get(form.code ?? '');
      codes.delete(form.code ?? '');
      if (!grant) return json(200, { error: 'bad_verification_code' });
      if (form.redirect_uri !== grant.redirectUri) return json(200, { error: 'redirect_uri_mismatch' });
      if (
        createHash('sha256')
          .update(form.code_verifier ?? '')
          .digest('base64url') !== grant.challenge
      )
        return json(200, { error: 'bad_verification_code' });
      const token = `gho_${randomBytes(18).toString('hex')}`;
      const scopes = grant.scope.split(' ').filter(Boolean);
      tokens.set(token, { login: grant.login, scopes });
      issuedTokens.push(token);
      return json(200, { access_token: token, token_type: 'bearer', scope: scopes.join(',') });
    }

    if (!url.pathname.startsWith('/api/v3/')) return json(404, { message: 'Not Found' });
    const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const session = tokens.get(bearer);
    if (!session) return json(401, { message: 'Bad credentials' });
    if (!request.headers['user-agent'])
      return json(403, { message: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header' });
    const account = accounts[session.login]!;
    const path = url.pathname.slice('/api/v3'.length);
    if (path === '/user') {
      if (account.broken) return json(500, { message: 'Server Error' });
      return json(200, { login: session.login, id: account.id, name: account.name, email: account.email, avatar_url: '' });
    }
    if (path === '/user/emails') {
      if (!session.scopes.includes('user:email')) return json(404, { message: 'Not Found' });
      return json(
        200,
        account.emails.map((e) => ({ ...e, visibility: null })),
      );
    }
    const organization = /^\/user\/memberships\/orgs\/([^/]+)$/.exec(path)?.[1];
    if (organization) {
      if (!session.scopes.includes('read:org'))
        return json(403, { message: 'You need at least read:org scope or user scope to list your organizations.' });
      const name = decodeURIComponent(organization).toLowerCase();
      const state = Object.entries(account.organizations ?? {}).find(([org]) => org.toLowerCase() === name)?.[1];
      if (!state) return json(404, { message: 'Not Found' });
      return json(200, { state, role: 'member', organization: { login: name } });
    }
    return json(404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    webUrl: base,
    apiUrl: `${base}/api/v3`,
    clientId,
    clientSecret,
    issuedTokens,
    tokenRequests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
