// Libraries only some commands need (progress bars, archivers, age, prompts) are loaded by those commands when
// they run, not by every `ferry` start: `ferry serve` holds ~13 MB less for them. CommonJS ones through require,
// so that the synchronous functions using them stay synchronous.
import { createRequire } from 'node:module';

export const requireWhenUsed = createRequire(import.meta.url);
