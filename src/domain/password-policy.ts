// What a local account's password must be: long enough, and not one that attackers try first. The list of common
// passwords (zxcvbn-ts's, ~49 000 of them, from leaked password sets) is read the first time a password is set,
// not at start: most servers hold it for an admin's few changes a year.
import { badRequest } from '../model/errors.js';

export interface PasswordPolicy {
  minLength: number;
  refuseCommon: boolean;
}

let common: Promise<Set<string>> | undefined;

const commonPasswords = () =>
  (common ??= import('@zxcvbn-ts/language-common').then(({ dictionary }) => new Set(dictionary['passwords-common'])));

/** Throws a 400 naming what is wrong; `prefix` is the caller's own wording (Plik's "unable to create user : "). */
export async function checkNewPassword(policy: PasswordPolicy, login: string, password: string, prefix = ''): Promise<void> {
  // Plik's words for its own minimum, so that its clients read what they expect.
  if (password.length < policy.minLength) throw badRequest(`${prefix}password is too short (min ${policy.minLength} chars)`);
  if (!policy.refuseCommon) return;
  const folded = password.toLowerCase();
  if (folded === login.toLowerCase()) throw badRequest(`${prefix}password is the login: choose another`);
  if ((await commonPasswords()).has(folded)) {
    throw badRequest(`${prefix}password is one of the most common passwords, which are tried first: choose another`);
  }
}
