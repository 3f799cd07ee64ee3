// Questions asked on the terminal (server URL, token, passphrase), on stderr so that stdout keeps only results.
import { CliError } from './errors.js';

export async function ask(question: string, options: { default?: string; silent?: boolean } = {}): Promise<string> {
  if (!process.stdin.isTTY) throw new CliError(`${question.replace(/[:?]\s*$/, '')} is needed, and stdin is not a terminal to ask it on`);
  // Loaded by the first question: most commands never ask one.
  const { read } = await import('read');
  const answer = await read({ prompt: question, default: options.default, silent: options.silent, output: process.stderr });
  return answer.trim();
}

/** A passphrase given as "-" is asked for, without echo. */
export async function passphraseFrom(value: string | undefined, confirm: boolean): Promise<string | undefined> {
  if (value !== '-') return value;
  const passphrase = await ask('Passphrase: ', { silent: true });
  if (!passphrase) throw new CliError('an empty passphrase protects nothing');
  if (confirm && (await ask('Passphrase again: ', { silent: true })) !== passphrase) throw new CliError('the passphrases differ');
  return passphrase;
}
