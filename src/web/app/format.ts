// Numbers as people read them: sizes, speeds, durations, dates.
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** SI units, as Ferry's size options read them (10GB = 10^10 bytes). */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 || Number.isInteger(value) ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

export const formatSpeed = (bytesPerSecond: number) => `${formatSize(bytesPerSecond)}/s`;

/** A rough duration: "3 days", "5 hours", "12 minutes", "40 seconds". */
export function formatDuration(seconds: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (seconds >= 2 * 86_400) return plural(Math.floor(seconds / 86_400), 'day');
  if (seconds >= 2 * 3600) return plural(Math.floor(seconds / 3600), 'hour');
  if (seconds >= 120) return plural(Math.floor(seconds / 60), 'minute');
  return plural(Math.max(0, Math.ceil(seconds)), 'second');
}

/** "expires in 3 days", "never expires" or "expired". */
export function expiryText(expireAt: string | null, now = Date.now()): string {
  if (expireAt === null) return 'never expires';
  const left = (Date.parse(expireAt) - now) / 1000;
  return left <= 0 ? 'expired' : `expires in ${formatDuration(left)}`;
}

export const formatDate = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const SIZE_FACTORS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};
const DURATION_FACTORS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

function parseQuantity(text: string, factors: Record<string, number>): number | undefined {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return undefined;
  const factor = match[2] ? factors[match[2].toLowerCase()] : 1;
  return factor === undefined ? undefined : Math.round(Number(match[1]) * factor);
}

/** "10GB", "512MiB", "1000" (bytes), "0", "-1" → bytes; undefined when unreadable. */
export const parseSize = (text: string) => parseQuantity(text, SIZE_FACTORS);
/** "7d", "12h", "30m", "3600" (seconds), "0", "-1" → seconds; undefined when unreadable. */
export const parseDuration = (text: string) => parseQuantity(text, DURATION_FACTORS);

function exactQuantity(value: number, units: Array<[string, number]>): string {
  if (value <= 0) return String(value);
  const unit = units.find(([, factor]) => value % factor === 0);
  return unit ? `${value / unit[1]}${unit[0]}` : String(value);
}

/** The shortest exact spelling that parseSize reads back: 10000000000 → "10GB". */
export const sizeInput = (bytes: number) =>
  exactQuantity(bytes, [
    ['TB', 1e12],
    ['GB', 1e9],
    ['MB', 1e6],
    ['kB', 1e3],
  ]);
/** The shortest exact spelling that parseDuration reads back: 604800 → "7d". */
export const durationInput = (seconds: number) =>
  exactQuantity(seconds, [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
  ]);
