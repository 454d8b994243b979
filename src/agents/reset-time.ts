/**
 * When a usage limit named in an agent's message resets, as epoch ms. The shapes the CLIs print:
 *   Claude Code (old)   "Claude AI usage limit reached|1762952400"            epoch seconds
 *   Claude Code         "You've hit your session limit · resets 3pm (Europe/Berlin)"
 *                       "… · resets Oct 6, 10am (UTC)"                         wall time in a named zone
 *   Codex               "… or try again at Dec 29th, 2025 10:15 PM."          local wall time
 * A wall time without a date is the next such time after `now`. Undefined when no time is found.
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const EPOCH = /limit reached\|(\d{9,11})\b/i;
const WALL = new RegExp(
  String.raw`(?:resets?(?: at)?|try again at)\s+` +
    String.raw`(?:(?<month>[A-Za-z]{3})[a-z]*\.?\s+(?<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(?<year>\d{4}),?\s+)?(?:at\s+)?)?` +
    String.raw`(?<hour>\d{1,2})(?::(?<minute>\d{2}))?\s*(?<ampm>[ap]\.?m\.?)?` +
    String.raw`(?:\s*\((?<zone>[A-Za-z_+\-/0-9]+)\))?`,
  'i',
);

export function parseResetTime(text: string, now = Date.now()): number | undefined {
  const epoch = EPOCH.exec(text);
  if (epoch?.[1]) return Number(epoch[1]) * 1000;
  const m = WALL.exec(text)?.groups;
  if (!m?.hour) return undefined;
  const month = m.month ? MONTHS.indexOf(m.month.toLowerCase()) : -1;
  if (m.month && month < 0) return undefined;
  if (!m.ampm && !m.minute) return undefined; // "resets 5" is not a time
  const pm = m.ampm?.toLowerCase().startsWith('p') ?? false;
  const hour = m.ampm ? (Number(m.hour) % 12) + (pm ? 12 : 0) : Number(m.hour);
  const minute = Number(m.minute ?? 0);
  if (hour > 23 || minute > 59) return undefined;
  const zone = validZone(m.zone);
  const today = wallParts(now, zone);
  if (month >= 0) {
    const year = m.year ? Number(m.year) : today.year;
    let at = zonedEpoch({ year, month, day: Number(m.day), hour, minute }, zone);
    if (!m.year && at < now - 86_400_000) at = zonedEpoch({ year: year + 1, month, day: Number(m.day), hour, minute }, zone);
    return at;
  }
  let at = zonedEpoch({ ...today, hour, minute }, zone);
  if (at < now - 60_000) at = zonedEpoch({ ...today, day: today.day + 1, hour, minute }, zone);
  return at;
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function validZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

/** The wall-clock date and time of `epoch` in `zone` (the local zone when undefined). */
function wallParts(epoch: number, zone: string | undefined): Wall {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
  }).formatToParts(new Date(epoch));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month') - 1, day: get('day'), hour: get('hour'), minute: get('minute') };
}

/** The epoch of a wall-clock time in `zone`: guess as UTC, then correct by the zone's offset (twice, for DST edges). */
function zonedEpoch(w: Wall, zone: string | undefined): number {
  const asUtc = Date.UTC(w.year, w.month, w.day, w.hour, w.minute);
  const offsetAt = (t: number) => {
    const p = wallParts(t, zone);
    return Date.UTC(p.year, p.month, p.day, p.hour, p.minute) - Math.floor(t / 60_000) * 60_000;
  };
  const first = asUtc - offsetAt(asUtc);
  return asUtc - offsetAt(first);
}
