// Plik's wire shapes for users, tokens, stats and paged lists.
import type { Token, User } from '../model/model.js';
import type { UserFields } from '../domain/users.js';
import { badRequest } from '../model/errors.js';

export function toPlikUser(user: User) {
  return {
    id: user.id,
    provider: user.provider,
    login: user.login,
    name: user.name,
    email: user.email,
    admin: user.isAdmin,
    maxFileSize: user.maxFileSize,
    maxUserSize: user.maxUserSize,
    maxTTL: user.maxTtl,
    createdAt: new Date(user.createdAt).toISOString(),
  };
}

/** A token as Plik shows it: its value when just made, its prefix (all that is stored of it in clear) after. */
export const toPlikToken = (token: Token & { value?: string }) => ({
  token: token.value ?? token.prefix,
  comment: token.comment,
  createdAt: new Date(token.createdAt).toISOString(),
});

/** Only these fields are ever serialised: a password hash has no way out. */
export const plikUserSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    provider: { type: 'string' },
    login: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    admin: { type: 'boolean' },
    maxFileSize: { type: 'integer' },
    maxUserSize: { type: 'integer' },
    maxTTL: { type: 'integer' },
    createdAt: { type: 'string' },
  },
} as const;

export const plikTokenSchema = {
  type: 'object',
  properties: { token: { type: 'string' }, comment: { type: 'string' }, createdAt: { type: 'string' } },
} as const;

export const pagedSchema = (items: object) =>
  ({
    type: 'object',
    properties: {
      results: { type: 'array', items },
      after: { type: ['string', 'null'] },
      before: { type: ['string', 'null'] },
      offset: { type: 'integer' },
      limit: { type: 'integer' },
    },
  }) as const;

/** Query parameters of every paged list: Plik's documented offset/limit/order/sort and its code's cursors. */
export const pageQuerySchema = {
  type: 'object',
  properties: Object.fromEntries(
    ['offset', 'limit', 'order', 'sort', 'before', 'after', 'token', 'user'].map((name) => [name, { type: 'string', maxLength: 512 }]),
  ),
} as const;

/** The user fields an admin may set, from Plik's user JSON (provider, login, password, name, email, admin, max*). */
export const userBodySchema = {
  type: 'object',
  properties: {
    provider: { type: 'string', maxLength: 16 },
    login: { type: 'string', maxLength: 255 },
    password: { type: 'string', maxLength: 1024 },
    name: { type: 'string', maxLength: 255 },
    email: { type: 'string', maxLength: 255 },
    admin: { type: 'boolean' },
    maxFileSize: { type: 'integer' },
    maxUserSize: { type: 'integer' },
    maxTTL: { type: 'integer' },
  },
} as const;

export interface UserBody {
  provider?: string;
  login?: string;
  password?: string;
  name?: string;
  email?: string;
  admin?: boolean;
  maxFileSize?: number;
  maxUserSize?: number;
  maxTTL?: number;
}

export function userFieldsOf(body: UserBody | undefined): UserFields {
  if (!body || typeof body !== 'object') throw badRequest('missing user');
  return {
    password: body.password || undefined,
    name: body.name,
    email: body.email,
    isAdmin: body.admin,
    maxFileSize: body.maxFileSize,
    maxUserSize: body.maxUserSize,
    maxTtl: body.maxTTL,
  };
}
