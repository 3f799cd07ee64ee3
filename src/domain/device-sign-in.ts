// Signing the CLI in through a browser (Plik 1.4's /auth/cli/init, approve, poll): the CLI starts a request and
// shows its code; a signed-in user approves that code in the browser; the CLI, polling with its secret, then gets
// a new user token, once. Code and secret are stored as hashes only, and the request lives CLI_SIGN_IN_SECONDS.
// Approval and claim are each decided by one conditional statement in the database (records/cli-sign-ins.ts).
import { randomBytes, randomInt } from 'node:crypto';
import type { CliSignIn, CliSignInRecords } from '../metadata/records/cli-sign-ins.js';
import type { UserRecords } from '../metadata/records/users.js';
import { conflict, notFound } from '../model/errors.js';
import type { User } from '../model/model.js';
import { hashOfSecret } from './secrets.js';
import type { TokenService } from './tokens.js';

/** How long a request waits for its approval and its claim: Plik's five minutes. */
export const CLI_SIGN_IN_SECONDS = 300;
/** How often the CLI is told to ask, in seconds. */
export const CLI_POLL_INTERVAL_SECONDS = 2;

/** Letters and digits that cannot be mistaken for one another (no I, O, 0, 1): 8 of them are 40 bits. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

const UNKNOWN = 'CLI sign-in not found: it expired, was used already, or never existed; start again from the CLI';

export interface StartedCliSignIn {
  /** For the user to compare and approve in the browser. */
  code: string;
  /** For the CLI alone: its polls must carry it. */
  secret: string;
  expireAt: number;
}

export type CliSignInState = { status: 'pending' } | { status: 'approved'; token: string };

/** A code as typed: case and separators (ABCD-EFGH, abcd efgh) do not matter. */
export const normalisedCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

const newCode = () => Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

export class CliSignInService {
  constructor(
    private readonly metadata: CliSignInRecords & UserRecords,
    private readonly tokens: TokenService,
    private readonly now: () => number = Date.now,
  ) {}

  async start(hostname: string): Promise<StartedCliSignIn> {
    const now = this.now();
    // Requests nobody claimed go here rather than in a job: each start clears the ones left behind.
    await this.metadata.deleteExpiredCliSignIns(now);
    const secret = randomBytes(32).toString('base64url');
    const request: Omit<CliSignIn, 'codeHash'> = {
      secretHash: hashOfSecret(secret),
      hostname,
      userId: null,
      comment: '',
      createdAt: now,
      expireAt: now + CLI_SIGN_IN_SECONDS * 1000,
    };
    // 2^40 codes: a clash with a live request is rare, and three in a row never happens.
    for (let attempt = 0; attempt < 3; attempt++) {
      const code = newCode();
      if (await this.metadata.insertCliSignIn({ ...request, codeHash: hashOfSecret(code) })) {
        return { code, secret, expireAt: request.expireAt };
      }
    }
    throw new Error('no free CLI sign-in code after three draws');
  }

  /** The signed-in `user` approves the code: the CLI that shows it gets a token of theirs, with `comment`. */
  async approve(user: User, code: string, comment: string | undefined): Promise<{ hostname: string }> {
    const codeHash = hashOfSecret(normalisedCode(code));
    const now = this.now();
    const request = await this.metadata.findCliSignIn(codeHash, now);
    if (!request) throw notFound(UNKNOWN);
    const tokenComment = comment?.trim() || (request.hostname ? `CLI on ${request.hostname}` : 'CLI');
    if (!(await this.metadata.approveCliSignIn(codeHash, user.id, tokenComment, now))) {
      throw (await this.metadata.findCliSignIn(codeHash, now)) ? conflict('this CLI sign-in was approved already') : notFound(UNKNOWN);
    }
    return { hostname: request.hostname };
  }

  /** What the CLI holding `secret` learns: still waiting, or its token, handed out once. */
  async poll(code: string, secret: string): Promise<CliSignInState> {
    const codeHash = hashOfSecret(normalisedCode(code));
    const secretHash = hashOfSecret(secret);
    const now = this.now();
    const claimed = await this.metadata.claimCliSignIn(codeHash, secretHash, now);
    if (!claimed) {
      const request = await this.metadata.findCliSignIn(codeHash, now);
      // Waiting is told only to the secret's holder; anyone else learns nothing of the request.
      if (request && request.userId === null && request.secretHash === secretHash) return { status: 'pending' };
      throw notFound(UNKNOWN);
    }
    const user = await this.metadata.findUser(claimed.userId!);
    if (!user) throw notFound('the user who approved this CLI sign-in no longer exists');
    const token = await this.tokens.create(user, claimed.comment);
    return { status: 'approved', token: token.value };
  }
}
