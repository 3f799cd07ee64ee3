// `ferry login`: asks for the server URL and a user token (or takes --url/--token), or with --device gets a new
// token through a browser (device-login.ts); checks the token with GET /me, and saves both to ~/.ferryrc.
import { Command } from 'commander';
import { run, serverUrl } from './command.js';
import { loadClientConfig, saveFerryrc } from './config.js';
import { signInThroughBrowser } from './device-login.js';
import { ACCOUNT_HINTS, CliError } from './errors.js';
import { ServerApi } from './http.js';
import { ask } from './prompt.js';

interface LoginFlags {
  url?: string;
  token?: string;
  device?: boolean;
  browser: boolean;
  insecure?: boolean;
}

export function loginCommand(): Command {
  return new Command('login')
    .description('save the server URL and your user token (made in the web page, or with `ferry token`) to ~/.ferryrc')
    .option('--url <url>', 'the server (asked when missing)')
    .option('--token <token>', 'the user token (asked when missing)')
    .option('--device', 'get a new token by approving a code in a signed-in browser, instead of pasting one')
    .option('--no-browser', 'with --device: print the page to open, do not open it')
    .option('--insecure', "do not check the server's TLS certificate")
    .action(
      run(async (flags: LoginFlags) => {
        const config = await loadClientConfig();
        const url = serverUrl(flags.url ?? (await ask('Server URL: ', { default: config.url })));
        if (flags.device && flags.token) throw new CliError('--device gets a new token: give either it or --token');
        const insecure = flags.insecure || config.insecure;
        // Asked without the token: a server refuses every request that carries a wrong one.
        const server = await new ServerApi(url, { insecure }).json<{ feature_authentication?: string }>('/config', {
          what: 'reading the server configuration',
        });
        if (server.feature_authentication === 'disabled') throw new CliError(`${url} has no user accounts: uploads need no token there`);
        const token = flags.device
          ? await signInThroughBrowser(new ServerApi(url, { insecure }), { openBrowser: flags.browser && process.stderr.isTTY === true })
          : (flags.token ?? (await ask('Token: ', { silent: true })));
        if (!token) throw new CliError('no token given');
        const user = await new ServerApi(url, { token, insecure }).json<{ login?: string; name?: string }>('/me', {
          what: 'checking the token',
          hints: ACCOUNT_HINTS,
        });
        const file = await saveFerryrc({ URL: url, Token: token });
        process.stderr.write(`logged in to ${url} as ${user.login || user.name || 'unknown user'}; saved in ${file}\n`);
      }),
    );
}
