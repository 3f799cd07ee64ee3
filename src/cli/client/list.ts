// `ferry list`: the uploads of the user whose token the client holds (GET /me/uploads, Plik's paged answer
// {"results": [...], "after": cursor}), newest first, following the cursors to the end.
import { Command } from 'commander';
import type { PlikUpload } from '../../protocol/plik.js';
import { formatSize } from '../../domain/sizes.js';
import { connect, run, withServerOptions, type ServerFlags } from './command.js';
import { ACCOUNT_HINTS, CliError } from './errors.js';
import { fileUrl } from './links.js';

interface ListFlags extends ServerFlags {
  json?: boolean;
}

interface Page {
  results: PlikUpload[] | null;
  after?: string | null;
}

const PAGE_SIZE = 100;

export function listCommand(): Command {
  return withServerOptions(
    new Command('list').description('list your uploads (needs a token: ferry login)').option('--json', 'print JSON'),
  ).action(
    run(async (flags: ListFlags) => {
      const { config, api } = await connect(flags);
      if (!(flags.token ?? config.token)) throw new CliError('listing uploads needs a user token: ferry login, or --token');
      const uploads: PlikUpload[] = [];
      for (let after: string | null | undefined; ; ) {
        const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(after ? { after } : {}) });
        const page = await api.json<Page>(`/me/uploads?${query}`, { what: 'listing uploads', hints: ACCOUNT_HINTS });
        uploads.push(...(page.results ?? []));
        after = page.after;
        if (!after || !page.results?.length) break;
      }
      const out = (line = '') => void process.stdout.write(`${line}\n`);
      if (flags.json) return out(JSON.stringify(uploads, null, 2));
      for (const upload of uploads) {
        const expiry = upload.expireAt ? `expires ${new Date(upload.expireAt).toLocaleString()}` : 'never expires';
        out(`${upload.id}  ${new Date(upload.createdAt).toLocaleString()}  ${expiry}`);
        for (const file of upload.files ?? []) out(`  ${file.fileName}  ${formatSize(file.fileSize)}  ${fileUrl(api.base, upload, file)}`);
      }
    }),
  );
}
