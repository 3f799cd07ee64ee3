// What a list of uploads, users or tokens may be sorted by and narrowed to, as Plik 1.4 names it. The stores turn
// each into SQL; the wire (protocol/plik-list-query.ts) reads them from a request.
import type { UserProvider } from './model.js';

/**
 * Uploads: by creation, by the bytes their files hold, by downloads, by bytes served. `createdAt` is the name Ferry
 * and Plik's older documentation gave the date.
 */
export const UPLOAD_SORTS = ['date', 'size', 'downloads', 'downloadedBytes', 'createdAt'] as const;
/** Users: by creation, by the bytes they hold now, by all they ever uploaded, by the bytes their files served. */
export const USER_SORTS = ['date', 'size', 'lifetimeSize', 'downloadedBytes', 'createdAt', 'login'] as const;
/** Tokens: by creation, by the bytes their uploads hold now. */
export const TOKEN_SORTS = ['date', 'size', 'createdAt'] as const;

export type UploadSort = (typeof UPLOAD_SORTS)[number];
export type UserSort = (typeof USER_SORTS)[number];
export type TokenSort = (typeof TOKEN_SORTS)[number];

/** Uploads with (true) or without (false) each option; an option left out narrows nothing. */
export interface UploadFeatureFilter {
  oneShot?: boolean;
  removable?: boolean;
  stream?: boolean;
  extendTTL?: boolean;
  /** Protected by a login and password. */
  password?: boolean;
  /** End-to-end encrypted by the client (Plik 1.4's `e2ee: "age"`). */
  e2ee?: boolean;
}

export const UPLOAD_FEATURES: readonly (keyof UploadFeatureFilter)[] = ['oneShot', 'removable', 'stream', 'extendTTL', 'password', 'e2ee'];

/** Users of one sign-in provider, admins or not. */
export interface UserFilter {
  provider?: UserProvider;
  admin?: boolean;
}

/** A search of users: the text to find in their id, login, name or email, narrowed as a list is. */
export interface UserSearch extends UserFilter {
  text: string;
  limit: number;
}
