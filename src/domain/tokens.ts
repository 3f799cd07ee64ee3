// Upload tokens: secrets a user makes for clients and scripts (X-PlikToken); uploads made with one belong to the user.
import { randomUUID } from 'node:crypto';
import type { MetadataStore } from '../metadata/store.js';
import { badRequest, forbidden, notFound } from './errors.js';
import type { Token, User } from './model.js';
import type { Page, Slice } from './paging.js';

export class TokenService {
  constructor(
    private readonly metadata: MetadataStore,
    private readonly now: () => number = Date.now,
  ) {}

  async create(user: User, comment = ''): Promise<Token> {
    if (comment.length > 1024) throw badRequest('token comment is too long (max 1024 characters)');
    const token: Token = { token: randomUUID(), userId: user.id, comment, createdAt: this.now() };
    await this.metadata.insertToken(token);
    return token;
  }

  list(user: User, page: Page): Promise<Slice<Token>> {
    return this.metadata.listTokens(user.id, page);
  }

  async revoke(user: User, value: string): Promise<void> {
    if (!(await this.metadata.deleteToken(user.id, value))) throw notFound('token not found');
  }

  /** The token and its user, for a request that sends X-PlikToken; a revoked token is refused at once. */
  async resolve(value: string): Promise<{ token: Token; user: User }> {
    const token = await this.metadata.findToken(value);
    const user = token && (await this.metadata.findUser(token.userId));
    if (!token || !user) throw forbidden('invalid token');
    return { token, user };
  }
}
