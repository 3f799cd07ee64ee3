// `ferry upload FILE...` (and plain `ferry` with stdin piped): Plik's client over Plik's API (POST /upload, then
// POST /{file,stream}/:id/:fileId/:name per file), so it works against Ferry and Plik servers alike; an upload that
// fails or is interrupted midway is removed with its upload token, so that nothing half-visible remains.
// When the server offers tus and every file is a regular file sent as it is, the files go through tus instead, and
// an interrupted upload is kept: the same command run again goes on from the server's offsets (resume.ts).
import { Command } from 'commander';
import type { PlikFile, PlikUpload } from '../../protocol/plik.js';
import { seconds } from '../../config/schema.js';
import { formatSize } from '../../domain/sizes.js';
import { parseArchiveFormat, type ArchiveFormat } from './archive.js';
import { connect, run, splitCredentials, withServerOptions, type ServerFlags } from './command.js';
import type { ClientConfig } from './config.js';
import { CliError, INTERRUPTED } from './errors.js';
import { multipartBody, type ServerApi } from './http.js';
import { downloadCommand, ferryDownloadCommand, fileUrl } from './links.js';
import { type Bar, startProgress, type Progress } from './progress.js';
import { passphraseFrom } from './prompt.js';
import { findRecord, removeRecord, saveRecord } from './records.js';
import { sendToRequest } from './request-upload.js';
import { findResume, removeResume, type ResumeKey, type ResumeState, saveResume } from './resume.js';
import { ENCRYPTED_SUFFIX, encryptStream, newSecureKey, type SecureKey } from './secure.js';
import { collectSources, type Source } from './sources.js';
import { createTusFile, sendFrom, type TusOffer, tusOffset, usableTus } from './tus.js';

interface UploadFlags extends ServerFlags {
  oneshot?: boolean;
  removable?: boolean;
  stream?: boolean;
  ttl?: string;
  extendTtl?: boolean;
  name?: string;
  password?: string;
  comments?: string;
  downloadLimit?: string;
  a?: boolean;
  archive?: string;
  secure?: boolean;
  passphrase?: string;
  recipient?: string;
  notSecure?: boolean;
  json?: boolean;
  quiet?: boolean;
  /** false with --no-resume. */
  resume?: boolean;
  request?: string;
  senderName?: string;
  senderEmail?: string;
}

export function uploadCommand(): Command {
  const command = new Command('upload')
    .description('upload files, directories (archived on the fly) or stdin, and print their download URLs')
    .argument('[files...]', 'files or directories; none reads stdin')
    .option('-o, --oneshot', 'each file can be downloaded once')
    .option('-r, --removable', 'anyone may remove the files')
    .option('-S, --stream', 'nothing is stored: the upload waits for the download and feeds it')
    .option('-t, --ttl <duration>', 'time before the upload expires: seconds, or 30m, 1h, 7d; -1 for never')
    .option('--extend-ttl', 'every access pushes the expiry back by the TTL')
    .option('-n, --name <name>', 'file name for stdin, a single file or the archive')
    .option('--password <login:password>', 'protect the upload with HTTP Basic credentials (login "plik" if only a password)')
    .option('--comments <text>', 'comments shown with the upload (Markdown)')
    .option('--download-limit <count>', 'downloads allowed per file (0: no limit)')
    .option('-a', 'send the files as one archive made on the fly, in the default format (ArchiveMethod, else tar.gz)')
    .option('--archive <format>', 'send the files as one archive made on the fly: tar.gz, tar or zip')
    .option('-s, --secure', 'encrypt with age before sending, with a new key printed for the recipients')
    .option('--passphrase <passphrase>', 'encrypt with age and this passphrase ("-" asks for it)')
    .option('--recipient <age-public-key>', 'encrypt with age for this recipient (age1…)')
    .option('--not-secure', 'do not encrypt, whatever the settings say')
    .option('--json', 'print a JSON document for scripts')
    .option('-q, --quiet', 'print the download URLs only')
    .option('--no-resume', 'start a new upload even if the same command was interrupted before (tus servers)')
    .option('--request <url>', "send the files to a file request's link (/r/<id>); --password is the request's")
    .option('--sender-name <name>', 'with --request: your name, if the request asks for it')
    .option('--sender-email <address>', 'with --request: your email, if the request asks for it');
  return withServerOptions(command).action(
    run(async (files: string[], flags: UploadFlags) => {
      if (files.length === 0 && process.stdin.isTTY) command.help({ error: true });
      await upload(files, flags);
    }),
  );
}

/** The settings of one upload: flags over the settings file. */
interface Plan
  extends Pick<
    ClientConfig,
    'oneShot' | 'removable' | 'stream' | 'ttl' | 'extendTtl' | 'comments' | 'login' | 'password' | 'downloadLimit'
  > {
  archive?: ArchiveFormat;
  secure?: SecureKey;
  output: 'json' | 'urls' | 'text';
}

async function planOf(files: string[], flags: UploadFlags, config: ClientConfig): Promise<Plan> {
  const [login, password] = flags.password !== undefined ? splitCredentials(flags.password) : [config.login || 'plik', config.password];
  if ((flags.a || flags.archive) && files.length === 0) throw new CliError('--archive needs files or directories: stdin is sent as it is');
  const archive = flags.archive ? parseArchiveFormat(flags.archive) : flags.a ? config.archiveMethod : config.archive;
  const passphrase = await passphraseFrom(flags.passphrase, true);
  const secure = !flags.notSecure && (flags.secure || passphrase !== undefined || flags.recipient !== undefined || config.secure);
  return {
    oneShot: flags.oneshot ?? config.oneShot,
    removable: flags.removable ?? config.removable,
    stream: flags.stream ?? config.stream,
    ttl: flags.ttl !== undefined ? parseTtl(flags.ttl) : config.ttl,
    extendTtl: flags.extendTtl ?? config.extendTtl,
    comments: flags.comments ?? config.comments,
    login,
    password,
    downloadLimit: flags.downloadLimit !== undefined ? parseCount(flags.downloadLimit) : config.downloadLimit,
    archive: files.length > 0 ? archive : undefined,
    secure: secure ? await newSecureKey({ passphrase, recipient: flags.recipient }) : undefined,
    output: flags.json ? 'json' : flags.quiet || config.quiet || !process.stdout.isTTY ? 'urls' : 'text',
  };
}

function parseTtl(text: string): number {
  const parsed = seconds.safeParse(text);
  if (!parsed.success) throw new CliError(`--ttl ${text}: use seconds, or a duration such as 30m, 1h, 7d (-1: never expires)`);
  return parsed.data;
}

function parseCount(text: string): number {
  const count = Number(text);
  if (!Number.isSafeInteger(count) || count < 0) throw new CliError(`--download-limit ${text}: expected a whole number, 0 for no limit`);
  return count;
}

async function upload(paths: string[], flags: UploadFlags): Promise<void> {
  const { config, api } = await connect(flags);
  if (flags.request !== undefined) {
    const archive = flags.archive ? parseArchiveFormat(flags.archive) : flags.a ? config.archiveMethod : undefined;
    const sources = await collectSources(paths, { name: flags.name, archive, defaultArchive: config.archiveMethod });
    return sendToRequest(flags.request, sources, {
      password: flags.password,
      senderName: flags.senderName,
      senderEmail: flags.senderEmail,
      notSecure: flags.notSecure,
      insecure: flags.insecure || config.insecure,
      output: flags.json ? 'json' : flags.quiet || !process.stdout.isTTY ? 'urls' : 'text',
    });
  }
  const plan = await planOf(paths, flags, config);
  const sources = await collectSources(paths, { name: flags.name, archive: plan.archive, defaultArchive: config.archiveMethod });
  const tus = resumable(await checkServer(api, sources), plan, sources);
  // From here Ctrl-C aborts what is under way, and an upload already created is removed.
  const abort = new AbortController();
  const interrupt = () => abort.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    if (tus) await sendResumable(api, plan, tus, flags.resume !== false, config.downloadBinary, abort.signal);
    else await createAndSend(api, plan, sources, config.downloadBinary, abort.signal);
  } catch (err) {
    if (abort.signal.aborted && !(err instanceof CliError)) throw new CliError('interrupted', INTERRUPTED);
    throw err;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

type Uploaded = PlikUpload & { uploadToken: string };

/** POST /upload, and the record that lets `ferry delete` (and a resume) find its upload token again. */
async function createUpload(api: ServerApi, plan: Plan, body: object, signal: AbortSignal): Promise<Uploaded> {
  const created = await api.json<PlikUpload>('/upload', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal,
    what: 'creating the upload',
  });
  if (!created.uploadToken) throw new CliError('the server created the upload without handing its upload token back');
  // Plik's servers do not know download limits and say nothing of one they ignore: their answer lacks the field.
  // (Ferry answers one: the limit asked, or 1 when --oneshot overrides it.)
  if (plan.downloadLimit && (created as Partial<PlikUpload>).maxDownloads === undefined) {
    process.stderr.write(
      `ferry: this server ignores --download-limit (it is not a Ferry server): its files can be downloaded without limit\n`,
    );
  }
  const uploaded = { ...created, uploadToken: created.uploadToken };
  const record = {
    server: api.base,
    id: uploaded.id,
    uploadToken: uploaded.uploadToken,
    createdAt: uploaded.createdAt,
    expireAt: uploaded.expireAt,
  };
  await saveRecord(record).catch((err: Error) => {
    process.stderr.write(
      `ferry: the upload token could not be kept (${err.message}): ferry delete will need --upload-token ${record.uploadToken}\n`,
    );
  });
  return uploaded;
}

async function createAndSend(api: ServerApi, plan: Plan, sources: Source[], binary: string, signal: AbortSignal): Promise<void> {
  const names = sources.map((s) => (plan.secure ? `${s.name}${ENCRYPTED_SUFFIX}` : s.name));
  const uploaded = await createUpload(api, plan, createBody(plan, sources, names), signal);
  const shown = (files: PlikFile[]) => describe(api.base, uploaded, files, sources, plan, binary);

  const progress = startProgress(plan.output !== 'json', names);
  let sent: PlikFile[];
  try {
    const declared = sources.map((_, i) => {
      const file = uploaded.files.find((f) => f.reference === String(i));
      if (!file) throw new CliError(`the server's answer lacks file ${names[i]}`);
      return file;
    });
    // A stream upload waits for its downloader: the URLs must be out before the bytes go.
    if (plan.stream) print(shown(declared), plan);
    const send = (source: Source, i: number) => sendFile(api, uploaded, declared[i]!, source, plan.secure, progress, signal);
    // Stream uploads all wait at once for their downloaders; stored ones go one after the other.
    if (plan.stream) sent = await Promise.all(sources.map(send));
    else {
      sent = [];
      for (const [i, source] of sources.entries()) sent.push(await send(source, i));
    }
  } catch (err) {
    progress.stop();
    await removeUpload(api, uploaded);
    if (signal.aborted) throw new CliError(`interrupted: upload ${uploaded.id} removed`, INTERRUPTED);
    throw err;
  }
  progress.stop();
  if (!plan.stream) print(shown(sent), plan);
}

/** Checks sizes known in advance against the server's limit, before anything is created; answers its tus offer. */
async function checkServer(api: ServerApi, sources: Source[]): Promise<TusOffer | undefined> {
  const { maxFileSize, tus } = await api.json<{ maxFileSize?: number; tus?: TusOffer }>('/config', {
    what: 'reading the server configuration',
  });
  for (const source of sources) {
    if (maxFileSize && maxFileSize > 0 && source.size !== undefined && source.size > maxFileSize) {
      throw new CliError(`${source.name} is too large: ${formatSize(source.size)}, the server accepts up to ${formatSize(maxFileSize)}`);
    }
  }
  return usableTus(tus);
}

/** POST /upload's body, as Plik's client writes it; maxDownloads is Ferry's, and Plik ignores it. */
function createBody(plan: Plan, sources: Source[], names: string[]) {
  return {
    oneShot: plan.oneShot,
    removable: plan.removable,
    stream: plan.stream,
    ttl: plan.ttl || undefined,
    extend_ttl: plan.extendTtl,
    comments: plan.comments || undefined,
    login: plan.password ? plan.login : undefined,
    password: plan.password || undefined,
    maxDownloads: plan.downloadLimit || undefined,
    // Plik 1.4's mark of an upload its client encrypts: web pages then ask for the key, and the server keeps its promise.
    e2ee: plan.secure ? 'age' : undefined,
    // Sizes let the server refuse a file too large before a byte is sent; ciphertext sizes are not declared.
    // None through tus: creating a file's tus upload adds the file.
    files:
      sources.length === 0
        ? undefined
        : sources.map((s, i) => ({ fileName: names[i], fileSize: plan.secure ? undefined : s.size, reference: String(i) })),
  };
}

interface ResumableSource extends Source {
  size: number;
  file: NonNullable<Source['file']>;
}

/**
 * The files with the tus offer to send them through, when they can resume: regular files sent as they are (not
 * encrypted on the way, whose bytes differ at each run), to a stored upload (a stream upload feeds its downloader).
 */
function resumable(
  offer: TusOffer | undefined,
  plan: Plan,
  sources: Source[],
): { offer: TusOffer; sources: ResumableSource[] } | undefined {
  if (!offer || plan.stream || plan.secure) return undefined;
  const files = sources.filter((s): s is ResumableSource => s.file !== undefined && s.size !== undefined);
  if (files.length !== sources.length || files.some((s) => offer.maxSize > 0 && s.size > offer.maxSize)) return undefined;
  return { offer, sources: files };
}

/** Answers that say the upload cannot go on, whatever the next attempt: its half goes. */
const refused = (err: unknown) =>
  err instanceof CliError &&
  err.status !== undefined &&
  err.status >= 400 &&
  err.status < 500 &&
  ![408, 409, 423, 429].includes(err.status);

async function sendResumable(
  api: ServerApi,
  plan: Plan,
  { offer, sources }: { offer: TusOffer; sources: ResumableSource[] },
  resume: boolean,
  binary: string,
  signal: AbortSignal,
): Promise<void> {
  const body = createBody(plan, [], []);
  const key: ResumeKey = {
    server: api.base,
    // Credentials stay out of ~/.ferry/resume: whether there is a password is enough to tell the uploads apart.
    options: { ...body, password: body.password !== undefined },
    files: sources.map((s) => ({ path: s.file.path, size: s.size, mtimeMs: s.file.mtimeMs })),
  };
  const previous = await findResume(key);
  let upload = previous && resume ? await reopen(api, previous.uploadId, signal) : undefined;
  let state: ResumeState;
  if (previous && upload) {
    state = previous;
    process.stderr.write(`ferry: going on with upload ${upload.id}, interrupted before\n`);
  } else {
    // Started over (--no-resume), or gone from the server: the half-sent upload has no more use.
    if (previous) await discardPrevious(api, previous.uploadId);
    upload = await createUpload(api, plan, body, signal);
    state = { uploadId: upload.id, files: sources.map((s) => ({ name: s.name })) };
    await saveResume(key, state);
  }
  const credentials = { 'X-UploadToken': upload.uploadToken };
  const progress = startProgress(
    plan.output !== 'json',
    sources.map((s) => s.name),
  );
  try {
    for (const [i, source] of sources.entries()) {
      const bar = progress.bar(source.name, source.size);
      try {
        await sendResumableFile(api, offer, { uploadId: upload.id, credentials }, state.files[i]!, source, bar, signal, () =>
          saveResume(key, state),
        );
        bar.finish('done');
      } catch (err) {
        bar.finish('failed');
        throw err;
      }
    }
  } catch (err) {
    progress.stop();
    if (refused(err)) {
      await removeUpload(api, upload);
      await removeResume(key);
      throw err;
    }
    const kept = `upload ${upload.id} kept: the same command goes on with it (--no-resume starts over)`;
    if (signal.aborted) throw new CliError(`interrupted: ${kept}`, INTERRUPTED);
    throw new CliError(`${(err as Error).message}\n  ${kept}`);
  }
  progress.stop();
  await removeResume(key);
  const done = await api.json<PlikUpload>(`/upload/${upload.id}`, { headers: credentials, what: 'reading the upload' });
  const files = state.files.map(({ name, tusUrl }) => {
    const file = done.files.find((f) => f.id === new URL(tusUrl!).pathname.split('/').filter(Boolean).pop());
    if (!file) throw new CliError(`the server's answer lacks file ${name}`);
    return file;
  });
  print(describe(api.base, upload, files, sources, plan, binary), plan);
}

/**
 * Sends one file through tus from the offset the server has: its tus upload created first if it has none (or the
 * server no longer has it), the state saved once it has its URL and once it is whole.
 */
async function sendResumableFile(
  api: ServerApi,
  offer: TusOffer,
  upload: { uploadId: string; credentials: Record<string, string> },
  entry: ResumeState['files'][number],
  source: ResumableSource,
  bar: Bar,
  signal: AbortSignal,
  save: () => Promise<void>,
): Promise<void> {
  if (entry.done) return bar.count(source.size);
  const { credentials } = upload;
  let offset = entry.tusUrl ? await tusOffset(api, { url: entry.tusUrl, credentials }, signal) : undefined;
  if (entry.tusUrl === undefined || offset === undefined) {
    const file = { uploadId: upload.uploadId, name: source.name, type: source.type, size: source.size };
    entry.tusUrl = await createTusFile(api, offer, file, credentials, signal);
    await save();
    offset = 0;
  }
  bar.count(offset);
  const target = { path: source.file.path, name: source.name, size: source.size };
  await sendFrom(api, { url: entry.tusUrl, credentials }, target, { offset, chunkSize: offer.chunkSize }, bar.count, signal);
  entry.done = true;
  await save();
}

/** The upload an earlier run left, with its upload token; undefined when it is gone (expired, removed). */
async function reopen(api: ServerApi, id: string, signal: AbortSignal): Promise<Uploaded | undefined> {
  const record = await findRecord(id);
  if (!record || record.server !== api.base) return undefined;
  try {
    const upload = await api.json<PlikUpload>(`/upload/${id}`, {
      headers: { 'X-UploadToken': record.uploadToken },
      signal,
      what: 'reading the interrupted upload',
    });
    return { ...upload, uploadToken: record.uploadToken };
  } catch (err) {
    if (refused(err)) return undefined;
    throw err;
  }
}

/** The upload an earlier run left half-sent, removed when its record still has the token; best effort. */
async function discardPrevious(api: ServerApi, id: string): Promise<void> {
  const record = await findRecord(id);
  if (record?.server === api.base) await removeUpload(api, record);
}

async function sendFile(
  api: ServerApi,
  upload: Uploaded,
  file: PlikFile,
  source: Source,
  secure: SecureKey | undefined,
  progress: Progress,
  signal: AbortSignal,
): Promise<PlikFile> {
  const bar = progress.bar(file.fileName, source.total);
  try {
    let body = source.open(bar.count);
    let size = source.size;
    if (secure) {
      const encrypted = await encryptStream(body, secure);
      body = encrypted.body;
      size = size === undefined ? undefined : encrypted.size(size);
    }
    const type = secure ? 'application/octet-stream' : source.type;
    const part = multipartBody({ name: file.fileName, type, body, size });
    const mode = upload.stream ? 'stream' : 'file';
    const sent = await api.json<PlikFile>(`/${mode}/${upload.id}/${file.id}/${encodeURIComponent(file.fileName)}`, {
      method: 'POST',
      headers: { ...part.headers, 'X-UploadToken': upload.uploadToken },
      body: part.body,
      signal,
      what: `sending ${file.fileName}`,
    });
    bar.finish('done');
    return sent;
  } catch (err) {
    bar.finish('failed');
    throw err;
  }
}

/** Best effort: the upload goes with its files; a server that cannot be reached any more keeps it until it expires. */
async function removeUpload(api: ServerApi, upload: { id: string; uploadToken: string }): Promise<void> {
  try {
    await api.text(`/upload/${upload.id}`, {
      method: 'DELETE',
      headers: { 'X-UploadToken': upload.uploadToken },
      what: 'removing the upload',
    });
    await removeRecord(upload.id);
  } catch (err) {
    process.stderr.write(`ferry: upload ${upload.id} could not be removed: ${(err as Error).message}\n`);
  }
}

interface Shown {
  server: string;
  id: string;
  /** The upload's page, in Plik's form, which Ferry's web page opens too. */
  page: string;
  uploadToken: string;
  expireAt: string | null;
  files: { id: string; name: string; size: number; url: string; command: string; ferryCommand: string }[];
  secure?: { identity?: string; recipient?: string; passphrase?: true };
}

function describe(server: string, upload: Uploaded, files: PlikFile[], sources: Source[], plan: Plan, binary: string): Shown {
  const key = plan.secure;
  return {
    server,
    id: upload.id,
    page: `${server}/#/?id=${upload.id}`,
    uploadToken: upload.uploadToken,
    expireAt: upload.expireAt,
    files: files.map((file, i) => {
      const url = fileUrl(server, upload, file);
      // A tar archive is unpacked on arrival; a zip cannot be read from a pipe.
      const archive = sources[i]?.archive;
      const unpack = archive === 'zip' ? undefined : archive;
      const saveAs = key ? file.fileName.slice(0, -ENCRYPTED_SUFFIX.length) : file.fileName;
      return {
        id: file.id,
        name: file.fileName,
        size: file.fileSize,
        url,
        command: downloadCommand(url, { binary, login: plan.password ? plan.login : undefined, secure: key, unpack, saveAs }),
        ferryCommand: ferryDownloadCommand(url, key),
      };
    }),
    secure: !key
      ? undefined
      : key.kind === 'identity'
        ? { identity: key.identity }
        : key.kind === 'recipient'
          ? { recipient: key.recipient }
          : { passphrase: true },
  };
}

function print(shown: Shown, plan: Plan): void {
  const out = (line = '') => void process.stdout.write(`${line}\n`);
  if (plan.output === 'json') return out(JSON.stringify(shown, null, 2));
  if (plan.output === 'urls') {
    for (const file of shown.files) out(file.url);
    // Without the key the URLs are useless: it goes to stderr, which stays out of pipes.
    if (shown.secure?.identity) process.stderr.write(`age key to decrypt (keep it secret): ${shown.secure.identity}\n`);
    return;
  }
  const expiry = shown.expireAt ? `expires ${new Date(shown.expireAt).toLocaleString()}` : 'never expires';
  out(`Upload ${shown.page} (${expiry})`);
  if (shown.secure?.identity) out(`Encrypted with age. The key to decrypt, for the recipients only:\n  ${shown.secure.identity}`);
  if (shown.secure?.recipient) out(`Encrypted with age for ${shown.secure.recipient}`);
  if (shown.secure?.passphrase) out('Encrypted with age and your passphrase');
  for (const file of shown.files) {
    out();
    out(plan.stream ? file.name : `${file.name}  ${formatSize(file.size)}`);
    out(`  ${file.url}`);
    out(`  ${file.command}`);
    if (plan.secure) out(`  ${file.ferryCommand}`);
  }
}
