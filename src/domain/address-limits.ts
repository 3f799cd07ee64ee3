// Limits by client address: which addresses may create uploads at all (Plik's UploadWhitelist), and optional caps
// on what one address may do without an account (uploads a minute, bytes an hour) and on QR codes, which anyone
// may ask for. Counted in this process's memory: behind several instances, each counts its own share.
import { BlockList, isIP } from 'node:net';
import { Readable } from 'node:stream';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { forbidden } from '../model/errors.js';
import { formatSize } from './sizes.js';
import { consumeOrRefuse } from './throttle.js';

export interface AddressLimitOptions {
  /** Addresses and CIDRs that may create uploads; empty: any. */
  uploadWhitelist: string[];
  /** Uploads one address may create a minute without an account; 0: no cap. */
  anonymousUploadsPerMinute: number;
  /** Bytes one address may send an hour into uploads without an account; 0 or less: no cap. */
  anonymousBytesPerHour: number;
  /** QR codes one address may ask for a minute; 0: no cap. */
  qrCodesPerMinute: number;
}

export class AddressLimits {
  private readonly whitelist: BlockList | undefined;
  private readonly anonymousUploads: RateLimiterMemory | undefined;
  private readonly anonymousBytes: RateLimiterMemory | undefined;
  private readonly qrCodes: RateLimiterMemory | undefined;

  constructor(options: AddressLimitOptions) {
    this.whitelist = options.uploadWhitelist.length > 0 ? blockListOf(options.uploadWhitelist) : undefined;
    this.anonymousUploads = limiter(options.anonymousUploadsPerMinute, 60);
    this.anonymousBytes = limiter(options.anonymousBytesPerHour, 3600);
    this.qrCodes = limiter(options.qrCodesPerMinute, 60);
  }

  /** Plik's rule: with a whitelist, only the addresses in it may create uploads, signed in or not. */
  checkMayUpload(address: string | null): void {
    if (this.whitelist && !(address && this.whitelist.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4'))) {
      throw forbidden('untrusted source IP address');
    }
  }

  async takeAnonymousUpload(address: string | null): Promise<void> {
    await take(this.anonymousUploads, address, 1, 'too many uploads from your address');
  }

  async takeQrCode(address: string | null): Promise<void> {
    await take(this.qrCodes, address, 1, 'too many QR codes from your address');
  }

  /** The body, counted against the address's bytes of the hour: it fails (429) at the chunk past them. */
  meterAnonymousBytes(address: string | null, body: Readable): Readable {
    const bytes = this.anonymousBytes;
    if (!bytes) return body;
    const message = `your address sent more than ${formatSize(bytes.points)} this hour without an account`;
    const metered = async function* () {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        await take(bytes, address, chunk.length, message);
        yield chunk;
      }
    };
    return Readable.from(metered(), { objectMode: false });
  }
}

const limiter = (points: number, duration: number) => (points > 0 ? new RateLimiterMemory({ points, duration }) : undefined);

async function take(limit: RateLimiterMemory | undefined, address: string | null, points: number, message: string): Promise<void> {
  if (limit) await consumeOrRefuse(limit, address ?? 'unknown', points, message);
}

/** As Plik reads its whitelist: an address alone is a /32 (or /128). */
function blockListOf(ranges: string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [address = '', prefix] = range.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}
