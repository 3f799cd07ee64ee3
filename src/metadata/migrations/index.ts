// The ordered list of migrations, compiled into the package so no folder has to be found at run time.
import type { Migration, MigrationProvider } from 'kysely';
import * as uploadsAndFiles from './001-uploads-and-files.js';
import * as usersTokensSessions from './002-users-tokens-sessions.js';

const migrations: Record<string, Migration> = {
  '001-uploads-and-files': uploadsAndFiles,
  '002-users-tokens-sessions': usersTokensSessions,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
