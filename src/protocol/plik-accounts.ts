// Plik's users and tokens as they go on the wire, and the query and body shapes of the account routes.
import { Type, type Static } from 'typebox';
import type { Token, User } from '../model/model.js';
import type { UserFields } from '../domain/users.js';
import { badRequest } from '../model/errors.js';
import type { PlikToken, PlikUser } from './plik-wire.js';

export function toPlikUser(user: User): PlikUser {
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
    theme: user.theme,
    language: user.language,
    ageRecipient: user.ageRecipient,
  };
}

/** A token as Plik shows it: its value when just made, its prefix (all that is stored of it in clear) after. */
export const toPlikToken = (token: Token & { value?: string }): PlikToken => ({
  token: token.value ?? token.prefix,
  comment: token.comment,
  createdAt: new Date(token.createdAt).toISOString(),
});

/** Query parameters of every paged list: Plik's documented offset/limit/order/sort and its code's cursors. */
export const PageQuerySchema = Type.Object(
  Object.fromEntries(
    ['offset', 'limit', 'order', 'sort', 'before', 'after', 'token', 'user'].map((name) => [
      name,
      Type.Optional(Type.String({ maxLength: 512 })),
    ]),
  ),
);

/** The user fields an admin may set, from Plik's user JSON (provider, login, password, name, email, admin, max*). */
export const UserBodySchema = Type.Object({
  provider: Type.Optional(Type.String({ maxLength: 16, examples: ['local'] })),
  login: Type.Optional(Type.String({ maxLength: 255, examples: ['alice'] })),
  password: Type.Optional(Type.String({ maxLength: 1024 })),
  name: Type.Optional(Type.String({ maxLength: 255 })),
  email: Type.Optional(Type.String({ maxLength: 255 })),
  admin: Type.Optional(Type.Boolean()),
  maxFileSize: Type.Optional(Type.Integer()),
  maxUserSize: Type.Optional(Type.Integer()),
  maxTTL: Type.Optional(Type.Integer()),
});
export type UserBody = Static<typeof UserBodySchema>;

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
