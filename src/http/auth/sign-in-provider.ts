// What Ferry asks of an outside sign-in provider (OpenID Connect, Google, GitHub, OVH): send the browser away to sign in
// and, on its return, say who signed in. Apart from providers.ts, which sets them up, so that each can name it.
import type { ExternalIdentity } from '../../domain/external-accounts.js';
import type { SavedState } from './sign-in-state.js';

export interface SignInProvider {
  name: ExternalIdentity['provider'];
  /** As Plik's messages name it: "Google authentication is disabled". */
  label: string;
  enabled: boolean;
  /** Keys the sign-in state cookie: a secret every instance of Ferry shares. */
  secret: string;
  /** Where to send the browser to sign in, and what its return will need. */
  start(callbackUrl: string): Promise<{ url: string; state: SavedState }>;
  /** Who signed in, from the provider's answer at the callback (`currentUrl`) and what `start` saved. */
  finish(currentUrl: URL, state: SavedState): Promise<ExternalIdentity>;
}
