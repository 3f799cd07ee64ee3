// The filters of Plik 1.4's lists on the wire: upload options (?oneShot=true…), users' provider and admin flag,
// and the user search (?q=&limit=). Each value is read strictly: a filter that cannot be read is a 400, never a
// filter silently dropped (which would list more than was asked for).
import { Type } from 'typebox';
import { badRequest } from '../model/errors.js';
import { UPLOAD_FEATURES, type UploadFeatureFilter, type UserFilter, type UserSearch } from '../model/listing.js';
import { USER_PROVIDERS, type UserProvider } from '../model/model.js';
import { PageQuerySchema } from './plik-accounts.js';

const text = (description: string) => Type.Optional(Type.String({ maxLength: 512, description }));
const flag = (description: string) => Type.Optional(Type.String({ maxLength: 8, description, examples: ['true'] }));

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;

/** GET /uploads and /me/uploads: the page, sort, user, token and one flag per upload option. */
export const UploadListQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  sort: text('date (the default), size, downloads or downloadedBytes'),
  oneShot: flag('true: oneShot uploads only; false: the others'),
  removable: flag('true: removable uploads only; false: the others'),
  stream: flag('true: stream uploads only; false: the others'),
  extendTTL: flag('true: uploads whose TTL each access extends; false: the others'),
  password: flag('true: password-protected uploads only; false: the others'),
  e2ee: flag('true: end-to-end encrypted uploads only; false: the others'),
});

/** GET /users: the page, sort, provider and admin flag. */
export const UserListQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  sort: text('date (the default), size, lifetimeSize or downloadedBytes'),
  provider: text(`One of ${USER_PROVIDERS.join(', ')}`),
  admin: flag('true: admins only; false: the others'),
});

/** GET /users/search. */
export const UserSearchQuerySchema = Type.Object({
  q: text('Text to find in the id, login, name or email, whatever its case'),
  provider: text(`One of ${USER_PROVIDERS.join(', ')}`),
  admin: flag('true: admins only; false: the others'),
  limit: text(`At most this many users: ${DEFAULT_SEARCH_LIMIT} unless told, ${MAX_SEARCH_LIMIT} at most`),
});

type Query = Record<string, string | undefined>;

/** A boolean as Go's strconv.ParseBool reads one (Plik's server is Go); empty or absent: no filter. */
export function parseFlag(query: Query, name: string): boolean | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  throw badRequest(`invalid ${name} filter, expected true or false`);
}

export function parseUploadFeatures(query: Query): UploadFeatureFilter {
  const features: UploadFeatureFilter = {};
  for (const name of UPLOAD_FEATURES) {
    const value = parseFlag(query, name);
    if (value !== undefined) features[name] = value;
  }
  return features;
}

export function parseUserFilter(query: Query): UserFilter {
  const filter: UserFilter = {};
  const { provider } = query;
  if (provider !== undefined && provider !== '') {
    if (!(USER_PROVIDERS as readonly string[]).includes(provider))
      throw badRequest(`invalid provider filter, expected one of ${USER_PROVIDERS.join(', ')}`);
    filter.provider = provider as UserProvider;
  }
  const admin = parseFlag(query, 'admin');
  if (admin !== undefined) filter.admin = admin;
  return filter;
}

/** ?q= is needed; ?limit= is a positive integer, above the cap it is the cap (as Plik's trending lists do). */
export function parseUserSearch(query: Query): UserSearch {
  const text = query.q?.trim() ?? '';
  if (text === '') throw badRequest('missing search query (q)');
  let limit = DEFAULT_SEARCH_LIMIT;
  if (query.limit !== undefined) {
    limit = Number(query.limit);
    if (!/^\d+$/.test(query.limit) || !Number.isSafeInteger(limit) || limit <= 0)
      throw badRequest('invalid limit, expected a positive integer');
  }
  return { ...parseUserFilter(query), text, limit: Math.min(limit, MAX_SEARCH_LIMIT) };
}
