// Sign-in with a GitHub account, through GitHub's OAuth web flow (an OAuth app): authorization code with PKCE
// (S256) and state, then GitHub's REST API for who signed in, their verified email and, when the server is
// restricted to organisations, their membership. Plain fetch: GitHub is not an OpenID provider, and its token
// endpoint answers refusals with 200, which OAuth libraries take for a broken server.
import { createHash, randomBytes } from 'node:crypto';
import { sameSecret } from '../../domain/secrets.js';
import { forbidden } from '../../model/errors.js';
import { providerMessage } from './provider-messages.js';
import type { SignInProvider } from './sign-in-provider.js';

export interface GitHubOptions {
  enabled: boolean;
  clientId: string;
  clientSecret: string;
  /** Organisations whose active members may sign in; empty: any GitHub user. */
  organizations: readonly string[];
  /** https://github.com: the authorize and token endpoints. */
  webUrl: string;
  /** https://api.github.com: the REST API. */
  apiUrl: string;
}

/** A browser waits on these calls: past this, GitHub counts as unreachable. */
const TIMEOUT_MS = 15_000;

/** Token refusals that are the server's set-up, not the user's doing: logged for its admin, not shown. */
const SET_UP_ERRORS = new Set(['incorrect_client_credentials', 'redirect_uri_mismatch']);

interface GitHubUser {
  id?: unknown;
  login?: unknown;
  name?: unknown;
}

interface GitHubEmail {
  email?: unknown;
  primary?: unknown;
  verified?: unknown;
}

export function githubProvider(options: GitHubOptions): SignInProvider {
  const web = options.webUrl.replace(/\/+$/, '');
  const api = options.apiUrl.replace(/\/+$/, '');
  // The least GitHub must grant: public profile (no scope), email addresses, and organisation membership when it is checked.
  const scope = options.organizations.length > 0 ? 'user:email read:org' : 'user:email';

  /** GET on GitHub's REST API with the user's access token: the JSON answer, or undefined for the statuses in `absent`. */
  async function read(path: string, accessToken: string, absent: number[] = []): Promise<unknown> {
    const url = `${api}${path}`;
    const response = await fetch(url, {
      headers: {
        Authorization: `Bearer ${accessToken}`,
        Accept: 'application/vnd.github+json',
        'X-GitHub-Api-Version': '2022-11-28',
        'User-Agent': 'Ferry',
      },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (absent.includes(response.status)) return undefined;
    if (!response.ok) throw new Error(`error with GitHub API ${url} : ${response.status} : ${await providerMessage(response)}`);
    return response.json();
  }

  /** Whether the user is an active member (not only invited) of one of the organisations. */
  async function inAnOrganization(accessToken: string): Promise<boolean> {
    for (const organization of options.organizations) {
      // 404: not a member; 403: the organisation hides its members from this app (OAuth app access restrictions).
      const membership = (await read(`/user/memberships/orgs/${encodeURIComponent(organization)}`, accessToken, [403, 404])) as
        | { state?: unknown }
        | undefined;
      if (membership?.state === 'active') return true;
    }
    return false;
  }

  /** The code and PKCE verifier for an access token, which lives only for this sign-in: never stored, never logged. */
  async function exchange(code: string, verifier: string, currentUrl: URL): Promise<string> {
    const url = `${web}/login/oauth/access_token`;
    const redirectUri = `${currentUrl.origin}${currentUrl.pathname}`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Ferry' },
      body: new URLSearchParams({
        client_id: options.clientId,
        client_secret: options.clientSecret,
        code,
        code_verifier: verifier,
        redirect_uri: redirectUri,
      }).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`error with GitHub ${url} : ${response.status} : ${await providerMessage(response)}`);
    const answer = (await response.json()) as { access_token?: unknown; error?: unknown };
    // GitHub says no with 200 and an "error": the user's (a used or expired code) or the server's (its set-up).
    if (typeof answer.error === 'string') {
      if (SET_UP_ERRORS.has(answer.error)) throw new Error(`error with GitHub ${url} : ${answer.error}`);
      throw forbidden(`sign-in refused by GitHub : ${answer.error}`);
    }
    if (typeof answer.access_token !== 'string' || !answer.access_token)
      throw new Error(`error with GitHub ${url} : no access_token in the answer`);
    return answer.access_token;
  }

  return {
    name: 'github',
    label: 'GitHub',
    enabled: options.enabled,
    secret: options.clientSecret,

    async start(callbackUrl) {
      const verifier = randomBytes(32).toString('base64url');
      const state = randomBytes(32).toString('base64url');
      const url = new URL(`${web}/login/oauth/authorize`);
      url.search = new URLSearchParams({
        client_id: options.clientId,
        redirect_uri: callbackUrl,
        scope,
        state,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      }).toString();
      return { url: url.href, state: { verifier, state } };
    },

    async finish(currentUrl, saved) {
      const params = currentUrl.searchParams;
      const state = params.get('state');
      if (!state || !saved.state || !sameSecret(state, saved.state))
        throw forbidden('invalid oauth2 state, start again from the login page');
      // The user declined, or GitHub refused the app. Its codes are words in snake case; anything else is not repeated.
      const error = params.get('error');
      if (error) throw forbidden(`sign-in refused by GitHub : ${/^[a-z_]{1,64}$/.test(error) ? error : 'unknown error'}`);
      const code = params.get('code');
      if (!code) throw forbidden('missing oauth2 authorization code, start again from the login page');

      const accessToken = await exchange(code, saved.verifier ?? '', currentUrl);
      const { id, login, name } = (await read('/user', accessToken)) as GitHubUser;
      if (typeof id !== 'number' || typeof login !== 'string')
        throw new Error(`error with GitHub API ${api}/user : no id or login in the answer`);
      if (options.organizations.length > 0 && !(await inAnOrganization(accessToken))) throw forbidden('unauthorized organization');
      const emails = await read('/user/emails', accessToken);
      // Known by the account's number, which never changes: a login name is given up on a rename, and whoever takes
      // it next would otherwise sign in as its former owner.
      return {
        provider: 'github',
        login: String(id),
        name: typeof name === 'string' && name ? name : login,
        email: verifiedEmail(emails),
      };
    },
  };
}

/** The primary email if GitHub verified it, else none: not the profile's public email, whose answer says nothing of that. */
function verifiedEmail(emails: unknown): string {
  const primary = Array.isArray(emails) ? (emails as GitHubEmail[]).find((e) => e.primary === true && e.verified === true) : undefined;
  return typeof primary?.email === 'string' ? primary.email : '';
}
