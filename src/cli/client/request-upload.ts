// `ferry upload --request URL FILE...`: files sent to someone's file request (its /r/<id> link), in one multipart
// POST, fields first. No user token goes with them (the link is all a sender needs, and the server may be anyone's).
// When the requester published an age public key, the files are encrypted to it on the way (as --recipient does).
import type { PublicFileRequestWire, SentWire } from '../../protocol/ferry-requests.js';
import { CliError } from './errors.js';
import { type FilePart, multipartForm, ServerApi } from './http.js';
import { startProgress } from './progress.js';
import { ENCRYPTED_SUFFIX, encryptStream } from './secure.js';
import type { Source } from './sources.js';

export interface RequestSendOptions {
  /** The request's password, when it has one. */
  password?: string;
  senderName?: string;
  senderEmail?: string;
  /** Send plaintext even to a requester who published an age key. */
  notSecure?: boolean;
  insecure?: boolean;
  output: 'json' | 'urls' | 'text';
}

/** The server and the request's id of a link https://host/prefix/r/<id>. */
export function parseRequestLink(link: string): { base: string; id: string } {
  const match = /^(https?:\/\/.+?)\/r\/([A-Za-z0-9_-]{1,64})\/?$/.exec(link.trim());
  if (!match) throw new CliError(`--request ${link}: expected a file request's link, such as https://files.example.com/r/abc123`);
  return { base: match[1]!, id: match[2]! };
}

export async function sendToRequest(link: string, sources: Source[], options: RequestSendOptions): Promise<void> {
  if (sources.length === 0) throw new CliError('--request needs files to send');
  const { base, id } = parseRequestLink(link);
  const api = new ServerApi(base, { insecure: options.insecure });
  const request = await api.json<PublicFileRequestWire>(`/request/${id}`, { what: 'reading the file request' });
  const recipient = options.notSecure ? '' : request.ageRecipient;
  const names = sources.map((s) => (recipient ? `${s.name}${ENCRYPTED_SUFFIX}` : s.name));
  const progress = startProgress(options.output !== 'json', names);
  const parts: FilePart[] = sources.map((source, i) => {
    const bar = progress.bar(names[i]!, source.total);
    return {
      name: names[i]!,
      type: recipient ? 'application/octet-stream' : source.type,
      // Opened when its turn comes: the files go one after the other in the one request.
      body: (async function* () {
        const plain = source.open(bar.count);
        yield* recipient ? (await encryptStream(plain, { kind: 'recipient', recipient })).body : plain;
        bar.finish('done');
      })(),
      // Ciphertext sizes are not declared: the body is then sent chunked.
      size: recipient ? undefined : source.size,
    };
  });
  const fields = {
    ...(options.senderName && { name: options.senderName }),
    ...(options.senderEmail && { email: options.senderEmail }),
    ...(options.password && { password: options.password }),
    ...(recipient && { e2ee: 'age' }),
  };
  const form = multipartForm(fields, parts);
  let sent: SentWire;
  try {
    sent = await api.json<SentWire>(`/r/${id}`, {
      method: 'POST',
      headers: form.headers,
      body: form.body,
      what: `sending to "${request.title}"`,
    });
  } finally {
    progress.stop();
  }
  const out = (line: string) => void process.stdout.write(`${line}\n`);
  if (options.output === 'json') return out(JSON.stringify({ request: request.title, encrypted: recipient !== '', ...sent }, null, 2));
  for (const file of sent.files) out(options.output === 'urls' ? file.name : `${file.name}  sent to "${request.title}"`);
  if (recipient && options.output === 'text') out('encrypted end to end to the requester’s age key');
}
