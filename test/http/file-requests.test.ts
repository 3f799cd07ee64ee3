// File requests over HTTP against a real Ferry: their owner's routes, the link's page and JSON, senders' uploads
// under every limit (raced where two senders could together pass one), the requester's view, and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';

/** Every line Ferry logs, as written (JSON), for the request.received events. */
const written: string[] = [];
const logStream = { write: (line: string) => void written.push(line) };
const received = () =>
  written.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.event === 'request.received');

let ferry: TestFerry;
let apiKey: string;
let otherKey: string;
let adminKey: string;

beforeAll(async () => {
  ferry = await startTestFerry({ FeatureAuthentication: 'enabled', LogLevel: 'info' }, { logStream });
  const { users, tokens } = ferry.services;
  apiKey = (await tokens.create(await users.create({ provider: 'local', login: 'rita', password: 'rita-password' }))).value;
  otherKey = (await tokens.create(await users.create({ provider: 'local', login: 'otto', password: 'otto-password' }))).value;
  adminKey = (await tokens.create(await users.create({ provider: 'local', login: 'adam', password: 'adam-password', isAdmin: true })))
    .value;
});
afterAll(() => ferry.close());

const json = (method: string, path: string, key: string | undefined, body?: unknown) =>
  fetch(`${ferry.url}${path}`, {
    method,
    headers: { ...(key && { 'X-PlikToken': key }), ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

interface RequestJson {
  id: string;
  url: string;
  qrcode: string;
  open: boolean;
  submissions: number;
  received?: Array<{
    uploadId: string;
    senderName: string;
    senderEmail: string;
    files: Array<{ name: string; size: number; url: string }>;
  }>;
}

async function newRequest(body: Record<string, unknown>, key = apiKey): Promise<RequestJson> {
  const answer = await json('POST', '/me/requests', key, { title: 'Send me files', ...body });
  expect(answer.status).toBe(200);
  return (await answer.json()) as RequestJson;
}

/** A sender's multipart form: fields first, then the files. */
function form(fields: Record<string, string>, files: Array<[string, string | Uint8Array<ArrayBuffer>, string?]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  for (const [name, content, type] of files) data.append('file', new Blob([content], type ? { type } : {}), name);
  return data;
}

const sendTo = (request: RequestJson, body: FormData, headers: Record<string, string> = {}) =>
  fetch(request.url, { method: 'POST', body, headers });

async function refusal(answer: Response): Promise<[number, string]> {
  const body = (await answer.json()) as { message: string };
  return [answer.status, body.message];
}

describe('file requests', () => {
  it('are made, listed and shown to their owner, with a link, a QR code and a public view that tells no secret', async () => {
    const request = await newRequest({
      title: 'Invoices',
      message: 'PDFs please',
      ttl: 3600,
      maxFiles: 3,
      maxFileSize: 1000,
      allowedTypes: ['.PDF', 'image/*'],
      password: 'open-sesame',
      nameField: 'required',
    });
    expect(request.url).toBe(`${ferry.url}/r/${request.id}`);
    expect(request).toMatchObject({ open: true, passwordProtected: true, allowedTypes: ['.pdf', 'image/*'], reusable: true });
    const list = (await (await json('GET', '/me/requests', apiKey)).json()) as RequestJson[];
    expect(list.map((r) => r.id)).toContain(request.id);
    expect(((await (await json('GET', '/me/requests', otherKey)).json()) as RequestJson[]).map((r) => r.id)).not.toContain(request.id);
    const qr = await fetch(request.qrcode);
    expect([qr.status, qr.headers.get('content-type')]).toEqual([200, 'image/png']);
    const view = await fetch(`${ferry.url}/request/${request.id}`);
    const shown = (await view.json()) as Record<string, unknown>;
    expect(shown).toMatchObject({
      title: 'Invoices',
      message: 'PDFs please',
      maxFiles: 3,
      nameField: 'required',
      passwordProtected: true,
      ageRecipient: '',
    });
    expect(JSON.stringify(shown)).not.toMatch(/argon2|open-sesame|rita/);
    // The link opens the web page, which lives one folder up.
    const link = await fetch(request.url, { redirect: 'manual' });
    expect([link.status, link.headers.get('location')]).toEqual([302, `../r?id=${request.id}`]);
    expect((await fetch(new URL(link.headers.get('location')!, request.url))).headers.get('content-type')).toMatch(/text\/html/);
  });

  it("lands a sender's files in an upload of the requester's, with their name and email, and tells the sender no id", async () => {
    const request = await newRequest({ nameField: 'required', emailField: 'optional' });
    const missing = await sendTo(request, form({}, [['a.txt', 'alpha']]));
    expect(await refusal(missing)).toEqual([400, 'this file request asks for your name (the name field)']);
    const badEmail = await sendTo(request, form({ name: 'Sam', email: 'not an email' }, [['a.txt', 'alpha']]));
    expect(await refusal(badEmail)).toEqual([400, 'invalid email']);
    const sent = await sendTo(
      request,
      form({ name: 'Sam', email: 'sam@example.org' }, [
        ['a.txt', 'alpha'],
        ['b.txt', 'bravo!'],
      ]),
    );
    expect([sent.status, await sent.json()]).toEqual([
      200,
      {
        files: [
          { name: 'a.txt', size: 5 },
          { name: 'b.txt', size: 6 },
        ],
      },
    ]);
    const mine = (await (await json('GET', `/me/requests/${request.id}`, apiKey)).json()) as RequestJson;
    expect(mine.submissions).toBe(1);
    const [submission] = mine.received!;
    expect(submission).toMatchObject({ senderName: 'Sam', senderEmail: 'sam@example.org' });
    expect(submission!.files.map((f) => [f.name, f.size])).toEqual([
      ['a.txt', 5],
      ['b.txt', 6],
    ]);
    expect(await (await fetch(submission!.files[0]!.url)).text()).toBe('alpha');
    const uploads = (await (await json('GET', '/me/uploads', apiKey)).json()) as { results: Array<{ id: string; comments: string }> };
    const upload = uploads.results.find((u) => u.id === submission!.uploadId);
    expect(upload?.comments).toBe('Sent through the file request “Send me files” from Sam <sam@example.org>');
    expect(received().filter((e) => e.requestId === request.id)).toEqual([
      expect.objectContaining({
        uploadId: submission!.uploadId,
        name: 'a.txt',
        size: 5,
        userId: 'local:rita',
        msg: 'file received for a file request',
      }),
      expect.objectContaining({ name: 'b.txt', size: 6 }),
    ]);
    // Nobody else sees the request's contents: another user, and the link's public view.
    expect((await json('GET', `/me/requests/${request.id}`, otherKey)).status).toBe(404);
    expect(JSON.stringify(await (await fetch(`${ferry.url}/request/${request.id}`)).json())).not.toContain(submission!.uploadId);
  });

  it('enforces the size per file and the types, each with a clear refusal, and keeps nothing of a refused file', async () => {
    const request = await newRequest({ maxFileSize: 10, allowedTypes: ['.pdf', 'image/*'] });
    const big = await sendTo(request, form({}, [['big.pdf', 'x'.repeat(11)]]));
    expect(await refusal(big)).toEqual([413, 'file too big for this file request (at most 10 B a file)']);
    const wrong = await sendTo(request, form({}, [['notes.txt', 'text']]));
    expect(await refusal(wrong)).toEqual([415, "this file request does not take notes.txt's type (it takes .pdf, image/*)"]);
    expect((await sendTo(request, form({}, [['photo', 'png?', 'image/png']]))).status).toBe(200);
    expect((await sendTo(request, form({}, [['doc.PDF', 'pdf']]))).status).toBe(200);
    // A file refused after others in the same form: those are kept, the refused one is deleted (not left missing).
    expect(
      (
        await sendTo(
          request,
          form({}, [
            ['kept.pdf', 'pdf'],
            ['big2.pdf', 'x'.repeat(11)],
          ]),
        )
      ).status,
    ).toBe(413);
    const mine = (await (await json('GET', `/me/requests/${request.id}`, apiKey)).json()) as RequestJson;
    const last = mine.received!.at(-1)!;
    const upload = (await (await fetch(`${ferry.url}/upload/${last.uploadId}`, { headers: { 'X-PlikToken': apiKey } })).json()) as {
      files: Array<{ fileName: string; status: string }>;
    };
    expect(upload.files.map((f) => [f.fileName, f.status])).toEqual([
      ['kept.pdf', 'uploaded'],
      ['big2.pdf', 'deleted'],
    ]);
    mine.received!.pop();
    // The refused senders' submissions went with their files.
    expect(mine.received!.map((s) => s.files.map((f) => f.name))).toEqual([['photo'], ['doc.PDF']]);
    expect(mine.submissions).toBe(3);
  });

  it('never lets parallel senders pass the file count or the total size together', async () => {
    const counted = await newRequest({ maxFiles: 3 });
    const byCount = await Promise.all(Array.from({ length: 8 }, (_, i) => sendTo(counted, form({}, [[`f${i}.txt`, 'data']]))));
    expect(byCount.filter((a) => a.status === 200)).toHaveLength(3);
    const countRefusals = byCount.filter((a) => a.status !== 200);
    for (const answer of countRefusals) {
      expect(await refusal(answer)).toEqual([400, 'this file request takes no more files (at most 3, or it closed or expired)']);
    }
    const sized = await newRequest({ maxTotalSize: 250_000 });
    const chunk = new Uint8Array(100_000);
    const bySize = await Promise.all(Array.from({ length: 6 }, (_, i) => sendTo(sized, form({}, [[`s${i}.bin`, chunk]]))));
    // Bytes are reserved a step ahead of those stored, so a sender may be refused while another holds a step it later
    // gives back: one or two get in, never three (that would pass the total).
    const accepted = bySize.filter((a) => a.status === 200).length;
    expect(accepted).toBeGreaterThanOrEqual(1);
    expect(accepted).toBeLessThanOrEqual(2);
    for (const answer of bySize.filter((a) => a.status !== 200)) expect((await refusal(answer))[0]).toBe(413);
    const mine = (await (await json('GET', `/me/requests/${sized.id}`, apiKey)).json()) as RequestJson;
    expect(mine.received!.flatMap((s) => s.files).reduce((sum, f) => sum + f.size, 0)).toBe(accepted * 100_000);
    // What the refused files reserved was given back: the rest of the total still fits, to the byte.
    const rest = 250_000 - accepted * 100_000;
    expect((await sendTo(sized, form({}, [['last.bin', new Uint8Array(rest)]]))).status).toBe(200);
    expect((await sendTo(sized, form({}, [['over.bin', new Uint8Array(1)]]))).status).toBe(413);
  });

  it('asks for the password, as a field or HTTP Basic auth', async () => {
    const request = await newRequest({ password: 'open-sesame' });
    expect(await refusal(await sendTo(request, form({}, [['a.txt', 'a']])))).toEqual([401, 'this file request needs a password']);
    expect(await refusal(await sendTo(request, form({ password: 'nope' }, [['a.txt', 'a']])))).toEqual([
      403,
      'wrong password for this file request',
    ]);
    expect((await sendTo(request, form({ password: 'open-sesame' }, [['a.txt', 'a']]))).status).toBe(200);
    const basic = { Authorization: `Basic ${Buffer.from(':open-sesame').toString('base64')}` };
    expect((await sendTo(request, form({}, [['b.txt', 'b']]), basic)).status).toBe(200);
  });

  it('takes one submission of a one-time request (a refused one does not count), and none once closed or deleted', async () => {
    const once = await newRequest({ reusable: false, maxFileSize: 5 });
    expect((await sendTo(once, form({}, [['big.txt', 'too big']]))).status).toBe(413);
    expect(
      (
        await sendTo(
          once,
          form({}, [
            ['a.txt', 'a'],
            ['b.txt', 'b'],
          ]),
        )
      ).status,
    ).toBe(200);
    const again = await sendTo(once, form({}, [['c.txt', 'c']]));
    expect(await refusal(again)).toEqual([403, 'this one-time file request has already received its files']);

    const request = await newRequest({});
    expect((await json('POST', `/me/requests/${request.id}/close`, otherKey)).status).toBe(404);
    const closed = (await (await json('POST', `/me/requests/${request.id}/close`, apiKey)).json()) as RequestJson;
    expect(closed.open).toBe(false);
    expect(await refusal(await fetch(`${ferry.url}/request/${request.id}`))).toEqual([403, 'this file request is closed']);
    expect(await refusal(await sendTo(request, form({}, [['a.txt', 'a']])))).toEqual([403, 'this file request is closed']);

    // Deleting takes the uploads it received along; an admin may delete anyone's.
    const deleted = await newRequest({});
    await sendTo(deleted, form({}, [['a.txt', 'a']]));
    const { received: [submission] = [] } = (await (await json('GET', `/me/requests/${deleted.id}`, apiKey)).json()) as RequestJson;
    expect((await json('DELETE', `/me/requests/${deleted.id}`, otherKey)).status).toBe(404);
    expect((await json('DELETE', `/me/requests/${deleted.id}`, adminKey)).status).toBe(200);
    expect((await json('GET', `/me/requests/${deleted.id}`, apiKey)).status).toBe(404);
    expect((await fetch(`${ferry.url}/upload/${submission!.uploadId}`)).status).toBe(404);
    expect(await refusal(await fetch(`${ferry.url}/request/${deleted.id}`))).toEqual([404, `file request ${deleted.id} not found`]);
  });

  it("publishes the requester's age key for senders to encrypt to, and marks what they send end to end", async () => {
    const bad = await json('PATCH', '/me', undefined, { ageRecipient: 'age1nope' });
    expect(bad.status).toBe(401);
    const { users } = ferry.services;
    const erin = await users.create({ provider: 'local', login: 'erin', password: 'erin-password' });
    await expect(users.updateOwnProfile(erin, { ageRecipient: 'age1qqqq' })).rejects.toThrow(/invalid ageRecipient/);
    // The right shape with a broken checksum is refused too.
    await expect(users.updateOwnProfile(erin, { ageRecipient: `age1${'q'.repeat(58)}` })).rejects.toThrow(/invalid ageRecipient/);
    const { Encrypter, generateX25519Identity, identityToRecipient } = await import('age-encryption');
    const recipient = await identityToRecipient(await generateX25519Identity());
    await users.updateOwnProfile(erin, { ageRecipient: recipient });
    const erinKey = (await ferry.services.tokens.create(erin)).value;
    const request = await newRequest({ allowedTypes: ['.pdf'] }, erinKey);
    expect(await (await fetch(`${ferry.url}/request/${request.id}`)).json()).toMatchObject({ ageRecipient: recipient });
    // What reaches the server must at least look like an age file (an e2ee upload refuses plaintext).
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    const sealed = new Uint8Array(await encrypter.encrypt('the report'));
    expect(await refusal(await sendTo(request, form({ e2ee: 'age' }, [['report.pdf.age', 'not sealed']])))).toEqual([
      400,
      expect.stringContaining('age'),
    ]);
    expect((await sendTo(request, form({ e2ee: 'age' }, [['report.pdf.age', sealed]]))).status).toBe(200);
    const uploads = (await (await json('GET', '/me/uploads', erinKey)).json()) as { results: Array<{ e2ee?: string }> };
    expect(uploads.results[0]).toMatchObject({ e2ee: 'age' });
    const plainOwner = await newRequest({});
    expect(await refusal(await sendTo(plainOwner, form({ e2ee: 'age' }, [['a.txt', 'a']])))).toEqual([
      400,
      'the requester has no age public key: send the files unencrypted',
    ]);
  });

  it('refuses bad input on every route with a JSON 4xx', async () => {
    const cases: Array<[string, string, string | undefined, unknown, number]> = [
      ['POST', '/me/requests', undefined, { title: 'x' }, 401],
      ['POST', '/me/requests', apiKey, {}, 400],
      ['POST', '/me/requests', apiKey, { title: '   ' }, 400],
      ['POST', '/me/requests', apiKey, { title: 'x'.repeat(256) }, 400],
      ['POST', '/me/requests', apiKey, { title: 'x', maxFiles: -1 }, 400],
      ['POST', '/me/requests', apiKey, { title: 'x', maxTotalSize: 1.5 }, 400],
      ['POST', '/me/requests', apiKey, { title: 'x', ttl: 10 ** 12 }, 400],
      ['POST', '/me/requests', apiKey, { title: 'x', allowedTypes: ['pdf'] }, 400],
      ['POST', '/me/requests', apiKey, { title: 'x', nameField: 'maybe' }, 400],
      ['POST', '/me/requests', apiKey, { title: 'x', reusable: 'sometimes' }, 400],
      ['GET', '/me/requests', undefined, undefined, 401],
      ['GET', '/me/requests/nope', apiKey, undefined, 404],
      ['GET', `/me/requests/${'x'.repeat(65)}`, apiKey, undefined, 400],
      ['POST', '/me/requests/nope/close', apiKey, undefined, 404],
      ['DELETE', '/me/requests/nope', apiKey, undefined, 404],
      ['GET', '/request/nope', undefined, undefined, 404],
      ['POST', '/request/nope', undefined, { not: 'multipart' }, 400],
    ];
    for (const [method, path, key, body, status] of cases) {
      const answer = await json(method, path, key, body);
      expect([method, path, body, answer.status]).toEqual([method, path, body, status]);
      expect(answer.headers.get('content-type')).toMatch(/application\/json/);
    }
    const request = await newRequest({});
    expect(await refusal(await sendTo(request, form({ e2ee: 'rot13' }, [['a.txt', 'a']])))).toEqual([400, 'invalid e2ee: age, or none']);
    expect(await sendTo(request, form({}, []))).toMatchObject({ status: 400 });
    const late = new FormData();
    late.append('file', new Blob(['a']), 'a.txt');
    late.append('name', 'too late');
    expect(await refusal(await sendTo(request, late))).toEqual([400, 'the name field must come before the files']);
    const unknown = await fetch(`${ferry.url}/r/nope`, { method: 'POST', body: form({}, [['a.txt', 'a']]) });
    expect(await refusal(unknown)).toEqual([404, 'file request nope not found']);
  });
});

describe("Gokapi's file-request API", () => {
  const gokapi = (method: string, path: string, headers: Record<string, string>) =>
    fetch(`${ferry.url}/api/uploadrequest${path}`, { method, headers: { apikey: apiKey, ...headers } });

  it('makes, lists, shows and deletes requests as Gokapi 2.2 does, with what they received', async () => {
    const expiry = Math.floor(Date.now() / 1000) + 3600;
    const saved = await gokapi('POST', '/save', {
      name: `base64:${Buffer.from('Fotos für Oma').toString('base64')}`,
      notes: 'JPEGs',
      expiry: String(expiry),
      maxfiles: '2',
      maxsize: '1',
    });
    expect(saved.status).toBe(200);
    const made = (await saved.json()) as Record<string, unknown> & { id: string };
    expect(made).toMatchObject({ name: 'Fotos für Oma', notes: 'JPEGs', maxfiles: 2, maxsize: 1, uploadedfiles: 0, apikey: '' });
    expect(Math.abs((made.expiry as number) - expiry)).toBeLessThanOrEqual(1);
    const link = (await (await json('GET', `/me/requests/${made.id}`, apiKey)).json()) as RequestJson;
    expect((await sendTo(link, form({}, [['a.jpg', 'jpeg bytes']]))).status).toBe(200);
    const shown = (await (await gokapi('GET', `/list/${made.id}`, {})).json()) as Record<string, unknown>;
    expect(shown).toMatchObject({ uploadedfiles: 1, totalfilesize: 10, reserveduploads: 0, fileidlist: [expect.any(String)] });
    expect(((await (await gokapi('GET', '/list', {})).json()) as Array<{ id: string }>).map((r) => r.id)).toContain(made.id);
    expect((await gokapi('DELETE', '/delete', { id: made.id })).status).toBe(200);
    expect((await gokapi('GET', `/list/${made.id}`, {})).status).toBe(404);
  });

  it('refuses what it cannot do, or reads wrong, in JSON', async () => {
    const cases: Array<[string, string, Record<string, string>, number, RegExp]> = [
      ['POST', '/save', { id: 'abc' }, 400, /does not change a file request/],
      ['POST', '/save', { maxfiles: 'many' }, 400, /invalid maxfiles header/],
      ['POST', '/save', { expiry: '1000' }, 400, /invalid expiry/],
      ['DELETE', '/delete', {}, 400, /missing id header/],
      ['DELETE', '/delete', { id: 'nope' }, 404, /not found/],
      ['GET', '/list/nope', {}, 404, /not found/],
      ['GET', '/list', { apikey: 'wrong' }, 403, /./],
    ];
    for (const [method, path, headers, status, message] of cases) {
      const answer = await gokapi(method, path, headers);
      expect([method, path, answer.status]).toEqual([method, path, status]);
      expect(((await answer.json()) as { message: string }).message).toMatch(message);
    }
  });
});
