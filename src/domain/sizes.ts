// Sizes as people read them, in SI units as Plik prints them ("10 GB", "1.5 MB").
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

export function formatSize(size: number): string {
  if (size < 10) return `${size} B`;
  const exponent = Math.min(Math.floor(Math.log10(size) / 3), UNITS.length - 1);
  const value = size / 1000 ** exponent;
  const digits = value < 10 && exponent > 0 ? 1 : 0;
  return `${value.toFixed(digits)} ${UNITS[exponent]}`;
}
