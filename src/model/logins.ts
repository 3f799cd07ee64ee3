// What a user's login may be, for the accounts and for the config option that names one (DefaultAdminLogin).

/**
 * What a login may be: at most 255 characters, none of them white space, control or invisible formatting
 * characters (which look like nothing, or like another login), nor `:`, `/`, `\` (user ids are provider:login).
 */
export const isWellFormedLogin = (login: string) => login.length <= 255 && !/[\s\p{Cc}\p{Cf}:/\\]/u.test(login);

/** Plik's shortest login. */
export const MIN_LOGIN_LENGTH = 4;
