// Upload tokens: secrets a user makes for clients and scripts (X-PlikToken); uploads made with one belong to the user.
// Only a token's hash is stored; its value is shown once, at its creation, and lists name it by its first characters.
import { randomUUID } from 'node:crypto';
import type { TokenRecords } from '../metadata/records/tokens.js';
import type { UserRecords } from '../metadata/records/users.js';
import { badRequest, forbidden, notFound } from '../model/errors.js';
import type { Token, User } from '../model/model.js';
import type { Page, Slice } from '../model/paging.js';
import { hashOfSecret } from './secrets.js';

/** Enough for a user to tell their tokens apart, far too little to guess the rest (a UUID's other 90 bits). */
export const TOKEN_PREFIX_LENGTH = 8;

/** FeatureApiTokens: with user tokens switched off, none is made, listed, revoked or taken, in Plik's words. */
export function checkApiTokensEnabled(enabled: boolean): void {
  if (!enabled) throw badRequest('API tokens are disabled');
}

/** A token just made: with its value, which nothing keeps after this answer. */
export interface CreatedToken extends Token {
  value: string;
}

export class TokenService {
  constructor(
    private readonly metadata: TokenRecords & UserRecords,
    private readonly now: () => number = Date.now,
  ) {}

  async create(user: User, comment = ''): Promise<CreatedToken> {
    if (comment.length > 1024) throw badRequest('token comment is too long (max 1024 characters)');
    const value = randomUUID();
    const token: Token = {
      hash: hashOfSecret(value),
      prefix: value.slice(0, TOKEN_PREFIX_LENGTH),
      userId: user.id,
      comment,
      createdAt: this.now(),
    };
    await this.metadata.insertToken(token);
    return { ...token, value };
  }

  list(user: User, page: Page): Promise<Slice<Token>> {
    return this.metadata.listTokens(user.id, page);
  }

  /** Revokes one of the user's tokens, named by its value or by its prefix as lists show it. */
  async revoke(user: User, named: string): Promise<void> {
    const token = await this.named(named, user.id);
    if (!token || !(await this.metadata.deleteToken(user.id, token.hash))) throw notFound('token not found');
  }

  /**
   * What uploads record of the token named by its value or prefix (of `userId`'s tokens, or anyone's), for list
   * filters. A value no token has any more (a revoked token) still names the uploads made with it.
   */
  async uploadsKey(named: string, userId?: string): Promise<string> {
    return (await this.named(named, userId))?.hash ?? hashOfSecret(named);
  }

  /** The token and its user, for a request that sends X-PlikToken; a revoked token is refused at once. */
  async resolve(value: string): Promise<{ token: Token; user: User }> {
    const found = await this.lookup(value);
    if (!found) throw forbidden('invalid token');
    return found;
  }

  /** The user a whole token belongs to, so that the token alone names what to revoke. */
  async ownerOf(value: string): Promise<User> {
    const found = await this.lookup(value);
    if (!found) throw notFound('token not found');
    return found.user;
  }

  private async lookup(value: string): Promise<{ token: Token; user: User } | undefined> {
    const token = await this.metadata.findToken(hashOfSecret(value));
    const user = token && (await this.metadata.findUser(token.userId));
    return token && user ? { token, user } : undefined;
  }

  private async named(named: string, userId: string | undefined): Promise<Token | undefined> {
    const byValue = await this.metadata.findToken(hashOfSecret(named));
    if (byValue && (userId === undefined || byValue.userId === userId)) return byValue;
    if (named.length !== TOKEN_PREFIX_LENGTH) return undefined;
    const byPrefix = await this.metadata.findTokensByPrefix(named, userId);
    if (byPrefix.length > 1) throw badRequest('several tokens begin with these characters, give the whole token');
    return byPrefix[0];
  }
}
