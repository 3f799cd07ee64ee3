// `npm run soak [-- --minutes N]`: the soak (bench/soak/run.ts) on the built server, its chart written to
// docs/soak.png and its figures to docs/BENCHMARKS.md; exits 1 when a stack answered a 5xx or a metric grew.
import { parseArgs } from 'node:util';
import { writeSoakDoc } from './report.js';
import { runSoak } from './run.js';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '20' } } });
const minutes = Number(values.minutes);
if (!(minutes > 0)) throw new Error(`--minutes ${values.minutes}: expected a number of minutes above 0`);
// About 240 samples whatever the length, and never fewer than one every 5 s.
const everySeconds = Math.min(5, Math.max(1, Math.round((minutes * 60) / 240)));

const results = await runSoak({ minutes, everySeconds });
await writeSoakDoc(results, minutes, everySeconds);
for (const { stack, problems } of results) console.log(`${stack}: ${problems.length === 0 ? 'passed' : problems.join('; ')}`);
process.exitCode = results.some((r) => r.problems.length > 0) ? 1 : 0;
