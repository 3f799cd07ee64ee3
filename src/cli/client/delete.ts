// `ferry delete UPLOAD-ID|FILE-URL`: removes an upload (DELETE /upload/:id) or one file (DELETE on its URL), with
// the upload token this machine kept when it made the upload, or one given with --upload-token.
import { Command } from 'commander';
import { connect, run, withServerOptions, type ServerFlags } from './command.js';
import { CliError } from './errors.js';
import { ServerApi } from './http.js';
import { findRecord, removeRecord } from './records.js';

interface DeleteFlags extends ServerFlags {
  uploadToken?: string;
}

/** What to remove: a whole upload, or one file of it. */
interface Target {
  uploadId: string;
  /** The route under the server, for a file: /file/:id/:fileId/:name. */
  filePath?: string;
  /** The server the URL points at, when a URL was given. */
  server?: string;
}

export function deleteCommand(): Command {
  const command = new Command('delete')
    .description('remove an upload, or one file of it')
    .argument('<target>', 'an upload id, an upload page URL (…?id=ID) or a file URL')
    .option('--upload-token <token>', 'the upload token, when this machine did not make the upload');
  return withServerOptions(command).action(run(remove));
}

async function remove(text: string, flags: DeleteFlags): Promise<void> {
  const target = parseTarget(text);
  const record = await findRecord(target.uploadId);
  const connected = await connect(flags);
  // The record knows which server made the upload; a URL says where it is served; else the configured server.
  const server = flags.server ? connected.api.base : (record?.server ?? target.server ?? connected.api.base);
  const api =
    server === connected.api.base
      ? connected.api
      : new ServerApi(server, { token: flags.token ?? connected.config.token, insecure: connected.api.insecure });
  const uploadToken = flags.uploadToken ?? record?.uploadToken;
  const headers = { 'X-UploadToken': uploadToken };
  if (target.filePath) {
    await api.text(target.filePath, { method: 'DELETE', headers, what: 'removing the file' });
    process.stderr.write(`removed ${decodeURIComponent(target.filePath.split('/').pop() ?? '')}\n`);
    return;
  }
  await api.text(`/upload/${target.uploadId}`, { method: 'DELETE', headers, what: `removing upload ${target.uploadId}` });
  await removeRecord(target.uploadId);
  process.stderr.write(`removed upload ${target.uploadId}\n`);
}

function parseTarget(text: string): Target {
  if (!/^https?:\/\//i.test(text)) {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new CliError(`not an upload id or URL: ${text}`);
    return { uploadId: text };
  }
  const url = new URL(text);
  const file = /^(.*)\/(file|stream)\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  if (file) {
    const [, prefix, mode, uploadId, fileId, name] = file as unknown as [string, string, string, string, string, string];
    return { uploadId, filePath: `/${mode}/${uploadId}/${fileId}/${name}`, server: `${url.origin}${prefix}` };
  }
  // Upload pages: Plik's /#/?id=ID, Ferry's /d?id=ID.
  const id = url.searchParams.get('id') ?? new URLSearchParams(url.hash.replace(/^#\/?\??/, '')).get('id');
  if (!id) throw new CliError(`${text} names no upload: expected a file URL or an upload page URL with ?id=`);
  return { uploadId: id };
}
