// `ferry request create|list|close|delete`: the user's file requests (POST/GET /me/requests…), with their token.
import { Command } from 'commander';
import { seconds, size } from '../../config/schema.js';
import type { FileRequestWire, NewFileRequestBody } from '../../protocol/ferry-requests.js';
import { connect, run, withServerOptions, type ServerFlags } from './command.js';
import { ACCOUNT_HINTS, CliError } from './errors.js';

interface CreateFlags extends ServerFlags {
  message?: string;
  ttl?: string;
  maxFiles?: string;
  maxFileSize?: string;
  maxTotalSize?: string;
  types?: string;
  password?: string;
  askName?: string;
  askEmail?: string;
  once?: boolean;
  json?: boolean;
}

const SENDER_FIELDS = ['hidden', 'optional', 'required'] as const;

export function requestCommand(): Command {
  const command = new Command('request').description('ask others for files through a link (file requests; needs a token: ferry login)');
  command.addCommand(
    withServerOptions(
      new Command('create')
        .description('make a file request and print its link (/r/<id>) for the senders')
        .argument('<title>', 'what the senders see first')
        .option('--message <text>', 'shown to the senders')
        .option('--ttl <duration>', 'how long it takes files: seconds, or 1h, 7d (default: until closed)')
        .option('--max-files <count>', 'files it takes in all')
        .option('--max-file-size <size>', 'bytes per file, or 10MB, 1GiB')
        .option('--max-total-size <size>', 'bytes of all files together')
        .option('--types <list>', 'extensions and MIME types it takes, comma-separated: .pdf,image/*')
        .option('--password <password>', 'senders must give it')
        .option('--ask-name <mode>', 'hidden, optional or required')
        .option('--ask-email <mode>', 'hidden, optional or required')
        .option('--once', 'one-time: a single sender')
        .option('--json', 'print JSON'),
    ).action(
      run(async (title: string, flags: CreateFlags) => {
        const body: NewFileRequestBody = {
          title,
          message: flags.message,
          ttl: flags.ttl === undefined ? undefined : parsed(seconds, flags.ttl, '--ttl'),
          maxFiles: flags.maxFiles === undefined ? undefined : wholeNumber(flags.maxFiles, '--max-files'),
          maxFileSize: bytesOf(flags.maxFileSize, '--max-file-size'),
          maxTotalSize: bytesOf(flags.maxTotalSize, '--max-total-size'),
          allowedTypes: flags.types?.split(',').filter((type) => type.trim() !== ''),
          password: flags.password,
          nameField: senderField(flags.askName, '--ask-name'),
          emailField: senderField(flags.askEmail, '--ask-email'),
          reusable: flags.once ? false : undefined,
        };
        const { api } = await connect(flags);
        const made = await api.json<FileRequestWire>('/me/requests', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
          what: 'making the file request',
          hints: ACCOUNT_HINTS,
        });
        process.stdout.write(flags.json ? `${JSON.stringify(made, null, 2)}\n` : `${made.url}\n`);
      }),
    ),
  );
  command.addCommand(
    withServerOptions(new Command('list').description('list your file requests').option('--json', 'print JSON')).action(
      run(async (flags: ServerFlags & { json?: boolean }) => {
        const { api } = await connect(flags);
        const requests = await api.json<FileRequestWire[]>('/me/requests', { what: 'listing file requests', hints: ACCOUNT_HINTS });
        if (flags.json) return void process.stdout.write(`${JSON.stringify(requests, null, 2)}\n`);
        for (const r of requests) process.stdout.write(`${r.url}  ${r.open ? 'open' : 'closed'}  ${r.filesTaken} files  ${r.title}\n`);
      }),
    ),
  );
  for (const [name, method, path, what] of [
    ['close', 'POST', '/close', 'closing'],
    ['delete', 'DELETE', '', 'deleting'],
  ] as const) {
    command.addCommand(
      withServerOptions(
        new Command(name).description(`${name} a file request (by its id or link)`).argument('<request>', 'id or link'),
      ).action(
        run(async (request: string, flags: ServerFlags) => {
          const { api } = await connect(flags);
          const id = request.replace(/\/+$/, '').split('/').at(-1)!;
          await api.text(`/me/requests/${encodeURIComponent(id)}${path}`, {
            method,
            what: `${what} the file request`,
            hints: ACCOUNT_HINTS,
          });
          process.stdout.write(`${id} ${name === 'close' ? 'closed' : 'deleted'}\n`);
        }),
      ),
    );
  }
  return command;
}

function parsed<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, text: string, flag: string): T {
  const result = schema.safeParse(text);
  if (!result.success) throw new CliError(`${flag} ${text}: not a valid value`);
  return result.data;
}

function wholeNumber(text: string, flag: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new CliError(`${flag} ${text}: a whole number, 0 for no limit`);
  return Number(text);
}

/** A size flag in bytes; "unlimited" (-1 to the size parser) is the request's 0, no limit. */
function bytesOf(text: string | undefined, flag: string): number | undefined {
  return text === undefined ? undefined : Math.max(0, parsed(size, text, flag));
}

function senderField(mode: string | undefined, flag: string): (typeof SENDER_FIELDS)[number] | undefined {
  if (mode === undefined) return undefined;
  if (!(SENDER_FIELDS as readonly string[]).includes(mode)) throw new CliError(`${flag} ${mode}: hidden, optional or required`);
  return mode as (typeof SENDER_FIELDS)[number];
}
