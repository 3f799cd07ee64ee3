// Numbers as people read them, in the page's language (Intl): sizes, speeds, durations, dates, percentages.
import { locale, t } from './state/language';

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte', 'petabyte'] as const;

/** A size in SI units, as Ferry's size options read them (10GB = 10^10 bytes), or the speed of that many a second. */
function sizeIn(bytes: number, perSecond: boolean): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  // Intl spells bytes out ("500 byte"), where the other units are symbols: the catalogue gives the symbol.
  if (unit === 0) return (perSecond ? t().bytesPerSecond : t().bytes)(formatNumber(value));
  const digits = value >= 100 ? 0 : 1;
  return new Intl.NumberFormat(locale(), {
    style: 'unit',
    unit: perSecond ? `${UNITS[unit]}-per-second` : UNITS[unit],
    maximumFractionDigits: digits,
  }).format(value);
}

export const formatSize = (bytes: number) => sizeIn(bytes, false);
export const formatSpeed = (bytesPerSecond: number) => sizeIn(bytesPerSecond, true);

/** A whole percentage, "42%" (or "42 %", "%42", as the language writes it). */
export const formatPercent = (percent: number) => new Intl.NumberFormat(locale(), { style: 'percent' }).format(percent / 100);

const DAY = 86_400;

/** The largest unit that a rough duration reads best in: "3 days", "5 hours", "12 minutes", "40 seconds". */
function roughly(seconds: number): [number, 'day' | 'hour' | 'minute' | 'second'] {
  if (seconds >= 2 * DAY) return [Math.floor(seconds / DAY), 'day'];
  if (seconds >= 2 * 3600) return [Math.floor(seconds / 3600), 'hour'];
  if (seconds >= 120) return [Math.floor(seconds / 60), 'minute'];
  return [Math.max(0, Math.ceil(seconds)), 'second'];
}

const inUnit = (value: number, unit: string) => new Intl.NumberFormat(locale(), { style: 'unit', unit, unitDisplay: 'long' }).format(value);

export function formatDuration(seconds: number): string {
  const [value, unit] = roughly(seconds);
  return inUnit(value, unit);
}

/** An upload's chosen lifetime exactly, in the largest unit that divides it: "1 year", "1 week", "30 days", "1 hour". */
export function formatLifetime(seconds: number): string {
  const units: Array<[string, number]> = [
    ['year', 365 * DAY],
    ['week', 7 * DAY],
    ['day', DAY],
    ['hour', 3600],
    ['minute', 60],
  ];
  const [unit, factor] = units.find(([, factor]) => seconds % factor === 0) ?? ['second', 1];
  return inUnit(seconds / factor, unit);
}

/** "expires in 3 days", "never expires" or "expired". */
export function expiryText(expireAt: string | null, now = Date.now()): string {
  if (expireAt === null) return t().neverExpires;
  const left = (Date.parse(expireAt) - now) / 1000;
  if (left <= 0) return t().expired;
  const [value, unit] = roughly(left);
  return t().expiresIn(new Intl.RelativeTimeFormat(locale(), { numeric: 'always' }).format(value, unit));
}

export const formatDate = (iso: string) => new Date(iso).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });

/** A count as the language writes numbers, "1 000" or "1,000". */
export const formatNumber = (value: number) => new Intl.NumberFormat(locale()).format(value);

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
