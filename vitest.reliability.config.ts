import { defineConfig } from 'vitest/config';
import { backendsToRun } from './test/helpers/backends.js';

// `npm run test:reliability`: races, crashes, a full disk, a corpus of bad input, security headers and store outages
// (test/reliability).
// Kept out of `npm test` (its files end in .reliability.ts, not .test.ts) because it takes minutes, not seconds.
// Races run on every metadata backend that answers, as atomicity is the database's job; the rest runs on SQLite,
// the backend of a single instance with its own data folder (crashes restart one, the full disk is its folder). The
// fault tests start the database servers they stop (helpers/database-server.ts): they run once, in that project too.
export default defineConfig(async () => {
  const backends = await backendsToRun();
  return {
    test: {
      testTimeout: 120_000,
      hookTimeout: 60_000,
      reporters: ['default', './test/reliability/summary-reporter.ts'],
      projects: backends.map((backend) => ({
        extends: true,
        test: {
          name: `reliability-${backend}`,
          env: { FERRY_TEST_METADATA: backend },
          include: backend === 'sqlite' ? ['test/reliability/**/*.reliability.ts'] : ['test/reliability/races.reliability.ts'],
        },
      })),
    },
  };
});
