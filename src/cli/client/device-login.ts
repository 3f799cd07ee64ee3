// `ferry login --device`: signs the CLI in through a browser (Plik 1.4's /auth/cli/init and poll). The CLI shows a
// code and the page that approves it (and opens that page when it runs in a terminal); once a signed-in browser
// approves, the poll hands over a new user token, which the CLI keeps. Nothing to paste.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CliPollAnswer, CliStarted } from '../../protocol/plik-cli-auth.js';
import { CliError } from './errors.js';
import type { ServerApi } from './http.js';

/** The page's opener on each system; none found: the printed URL is all there is. */
function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.once('error', () => {});
  child.unref();
}

/** Waits for the approval; the new token, or a failure that says what to do. */
export async function signInThroughBrowser(api: ServerApi, { openBrowser }: { openBrowser: boolean }): Promise<string> {
  const started = await api.json<CliStarted>('/auth/cli/init', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ hostname: os.hostname() }),
    what: 'starting the sign-in',
  });
  process.stderr.write(
    `To sign the CLI in, open this page in a browser signed in to ${api.base}\nand approve the code ${started.code}:\n  ${started.verificationURL}\n`,
  );
  if (openBrowser) openInBrowser(started.verificationURL);
  const deadline = Date.now() + started.expiresIn * 1000;
  const poll = { code: started.code, secret: started.secret };
  while (Date.now() < deadline) {
    await sleep(Math.max(1, started.interval) * 1000);
    const answer = await api.json<CliPollAnswer>('/auth/cli/poll', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(poll),
      what: 'waiting for the approval',
      hints: { 404: 'the code expired or was used: run `ferry login --device` again' },
    });
    if (answer.status === 'approved' && answer.token) return answer.token;
  }
  throw new CliError(`the code ${started.code} was not approved within ${started.expiresIn} seconds: run \`ferry login --device\` again`);
}
