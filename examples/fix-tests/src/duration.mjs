/** Parse "1h30m", "45s", "2h" or "1h 5m 10s" into milliseconds. */
const UNIT_MS = { h: 60 * 60, m: 60 * 1000, s: 1000 };

export function parseDuration(text) {
  const parts = [...text.matchAll(/(\d+)([hms])/g)];
  if (!parts.length) throw new Error(`bad duration: ${text}`);
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * UNIT_MS[unit], 0);
}
