// Sign-in with an OpenID Connect provider (any issuer, and Google, which is one): authorization code flow with
// PKCE, state and nonce, through openid-client, which checks the provider's answers and ID tokens.
import { createHash } from 'node:crypto';
import type { Configuration } from 'openid-client';
import { forbidden } from '../../model/errors.js';
import type { ExternalIdentity } from '../../domain/external-accounts.js';
import { sameSecret } from '../../domain/secrets.js';
import type { SignInProvider } from './sign-in-provider.js';

export interface OidcOptions {
  name: 'oidc' | 'google';
  label: string;
  enabled: boolean;
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Take the provider's word for an email it does not say it verified (OIDCTrustUnverifiedEmail). */
  trustUnverifiedEmail?: boolean;
  /** Refuse users whose email the provider did not verify (OIDCRequireVerifiedEmail), rather than know them by subject. */
  requireVerifiedEmail?: boolean;
}

const SCOPE = 'openid email profile';

/** Loaded at the first sign-in: a server that never signs anyone in through a provider never holds it in memory. */
const openIdClient = () => import('openid-client');

export function oidcProvider(options: OidcOptions): SignInProvider {
  let discovered: Promise<Configuration> | undefined;
  /** The provider's metadata and keys, fetched once; a failed discovery is tried again at the next sign-in. */
  const configuration = () => {
    discovered ??= discover(options).catch((err: unknown) => {
      discovered = undefined;
      throw err;
    });
    return discovered;
  };

  return {
    name: options.name,
    label: options.label,
    enabled: options.enabled,
    secret: options.clientSecret,

    async start(callbackUrl) {
      const [client, config] = await Promise.all([openIdClient(), configuration()]);
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: callbackUrl,
        scope: SCOPE,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, state: { verifier, state, nonce } };
    },

    async finish(currentUrl, saved) {
      // Checked here too, before openid-client does, to tell the user plainly what went wrong.
      const state = currentUrl.searchParams.get('state');
      if (!state || !saved.state || !sameSecret(state, saved.state))
        throw forbidden('invalid oauth2 state, start again from the login page');
      const [client, config] = await Promise.all([openIdClient(), configuration()]);
      const tokens = await refusals(() =>
        client.authorizationCodeGrant(config, currentUrl, {
          pkceCodeVerifier: saved.verifier,
          expectedState: saved.state,
          expectedNonce: saved.nonce,
          idTokenExpected: true,
        }),
      );
      const claims = tokens.claims()!;
      // Many providers put the email and name only in the userinfo answer, not in the ID token.
      const info = config.serverMetadata().userinfo_endpoint
        ? { ...claims, ...(await refusals(() => client.fetchUserInfo(config, tokens.access_token, claims.sub))) }
        : claims;
      return identityOf(options, info);
    },
  };
}

async function discover(options: OidcOptions): Promise<Configuration> {
  const client = await openIdClient();
  const issuer = new URL(options.issuer);
  // A plain-HTTP issuer is one the administrator chose (a provider on the same host or network).
  const execute = issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [];
  return client.discovery(issuer, options.clientId, options.clientSecret, undefined, { execute });
}

/** The provider said no (the user declined, the code was used or expired): 403 with the provider's reason. */
async function refusals<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const client = await openIdClient();
    if (err instanceof client.AuthorizationResponseError || err instanceof client.ResponseBodyError) {
      throw forbidden(`sign-in refused by the provider : ${err.error}`);
    }
    throw err;
  }
}

interface Claims {
  sub: string;
  iss?: unknown;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  given_name?: unknown;
  family_name?: unknown;
}

/**
 * Users are known by email, as Plik knows Google users, so that an administrator can create them ahead of their
 * first sign-in. An email is trusted only when the provider says it verified it (`email_verified: true`): many
 * providers let anyone type any address, and a claimed address would otherwise sign in as its owner. A generic
 * provider's user without a trusted email is known by subject and issuer, in a form no email address can take
 * (`sub#` and a digest of the issuer: `#` is not allowed in a domain), so that no subject can pass for an email.
 */
function identityOf(options: OidcOptions, claims: Claims): ExternalIdentity {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  if (options.requireVerifiedEmail && claims.email_verified !== true)
    throw forbidden(`your ${options.label} account has no verified email address`);
  const trusted = claims.email_verified === true || (options.name === 'oidc' && options.trustUnverifiedEmail === true);
  const email = trusted ? text(claims.email) : '';
  if (!email && options.name === 'google') throw forbidden('your Google account has no verified email address');
  const name = text(claims.name) || [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  return { provider: options.name, login: email || subjectLogin(claims.sub, text(claims.iss) || options.issuer), name, email };
}

/** The login of a user known by subject: the subject and 12 hex digits of SHA-256 of the issuer's URL. */
const subjectLogin = (sub: string, issuer: string) => `${sub}#${createHash('sha256').update(issuer).digest('hex').slice(0, 12)}`;
