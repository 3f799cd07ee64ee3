// A real OpenID Connect provider (oidc-provider, a certified implementation) on loopback, for sign-in tests: one
// confidential client, the accounts a test gives, and the provider's development login and consent pages.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Adds callback URLs of the client (a new provider, signed-in sessions forgotten); until then it answers 503. */
  allowRedirects(uris: string[]): void;
  close(): Promise<void>;
}

/** Starts listening at once, so that its issuer URL is known before the Ferry that uses it starts. */
export async function startOidcProvider(accounts: Record<string, TestAccount>): Promise<TestOidcProvider> {
  let handler: http.RequestListener | undefined;
  const server = http.createServer((request, response) => {
    if (handler) return handler(request, response);
    response.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'ferry';
  const clientSecret = 'ferry-client-secret-for-tests';
  const redirectUris: string[] = [];
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig' };
  return {
    issuer,
    clientId,
    clientSecret,
    allowRedirects(uris) {
      redirectUris.push(...uris);
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: redirectUris,
            response_types: ['code'],
            grant_types: ['authorization_code'],
            token_endpoint_auth_method: 'client_secret_post',
          },
        ],
        // Ferry always sends a PKCE challenge; refusing requests without one proves it.
        pkce: { required: () => true },
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
        cookies: { keys: ['oidc-provider-test-cookie-key'] },
        jwks: { keys: [signingKey] },
        ttl: { AccessToken: 600, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
        findAccount: async (_ctx, sub) => {
          const account = accounts[sub];
          return account && { accountId: sub, claims: async () => ({ sub, ...account }) };
        },
      });
      handler = provider.callback();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
