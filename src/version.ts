// Ferry's version, read from package.json so that there is one place to bump it.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export const FERRY_VERSION = pkg.version;
