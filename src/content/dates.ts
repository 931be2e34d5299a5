// Frontmatter dates: ISO 8601, read in the site's timezone when they carry no offset, with
// messages that say exactly why a date is impossible.
import { DateTime, IANAZone, Info, type Zone } from 'luxon';
import { z } from 'zod';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const HOW = 'write YYYY-MM-DD, or YYYY-MM-DDTHH:MM with an optional offset such as +04:00';

/** Parses an ISO date; `zone` applies when the text has no offset. Returns a reason on failure. */
export function parseDate(text: string, zone: string): DateTime | string {
  const match = ISO.exec(text.trim());
  if (!match) return `"${text}" is not a date (${HOW})`;
  const [, year, month, day, hour, minute, second] = match.map((part) => (part === undefined ? undefined : Number(part)));
  if (month! < 1 || month! > 12) return `"${text}" is not a date: there is no month ${month} (${HOW})`;
  const monthStart = DateTime.fromObject({ year: year!, month: month! }, { zone: 'UTC' });
  if (day! < 1 || day! > monthStart.daysInMonth!) {
    return `"${text}" is not a date: ${monthStart.toFormat('LLLL yyyy')} has ${monthStart.daysInMonth} days (${HOW})`;
  }
  if (hour !== undefined && (hour > 23 || minute! > 59 || (second ?? 0) > 59)) {
    return `"${text}" is not a valid time of day (${HOW})`;
  }
  const parsed = DateTime.fromISO(text.trim().replace(' ', 'T'), { zone, setZone: false });
  if (!parsed.isValid) return `"${text}" is not a date: ${parsed.invalidExplanation ?? 'unreadable'} (${HOW})`;
  return keptDate(parsed.toMillis(), zone);
}

/** Every date made from one, by setZone or plus, shares its Locale. */
const EPOCH = DateTime.fromMillis(0, { zone: 'UTC' });

/**
 * A date to keep in a record: the instant `millis` in `zone`, sharing one Locale with every
 * other. luxon gives each DateTime it parses or makes its own Locale, with caches, about 900
 * bytes; an archive keeps a date or more an article for the whole build (and a session, for
 * its life), so that was most of a record's weight.
 */
export function keptDate(millis: number, zone: string | Zone): DateTime {
  return EPOCH.plus(millis).setZone(zone);
}

/**
 * An IANA zone that trusts the offsets it is told for given instants. luxon works an offset out
 * through Intl every time (about 8 µs), and a new process reviving the dates of 4,000 cached
 * records would do that for each; the cache keeps each date's offset beside it instead. Any
 * other instant is worked out as luxon does, and not kept, so a long-lived process holds no
 * more than its records' dates.
 */
class ToldZone extends IANAZone {
  private readonly told = new Map<number, number>();

  tell(millis: number, offset: number): void {
    this.told.set(millis, offset);
  }

  override offset(ts: number): number {
    return this.told.get(ts) ?? super.offset(ts);
  }
}

const toldZones = new Map<string, ToldZone>();

/**
 * A date read back from a cache: the instant `millis` in the zone named `zone`, whose offset
 * there was `offset` minutes when it was stored (undefined if it may differ now). Unlike
 * keptDate it has a Locale of its own (about 470 bytes more), but costs about a microsecond,
 * where keptDate's `plus` costs nine.
 */
export function revivedDate(millis: number, zone: string, offset: number | undefined): DateTime {
  let told = toldZones.get(zone);
  if (!told) {
    // As the date was made: "UTC" and fixed offsets are not IANA zones (and print as Z or
    // +04:00, where an IANA zone of the same name prints +00:00), and cost nothing to work out.
    const named = Info.normalizeZone(zone);
    if (!(named instanceof IANAZone)) return DateTime.fromMillis(millis, { zone: named });
    toldZones.set(zone, (told = new ToldZone(zone)));
  }
  if (offset !== undefined) told.tell(millis, offset);
  return DateTime.fromMillis(millis, { zone: told });
}

/** A zod field for a frontmatter date: text (or a bare YAML date) that parseDate accepts. */
export function dateField(zone: string) {
  return z.unknown().transform((value, ctx) => {
    if (value === undefined) {
      ctx.addIssue({ code: 'invalid_type', expected: 'string', input: value });
      return z.NEVER;
    }
    const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : undefined;
    if (text === undefined) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a date (${HOW})` });
      return z.NEVER;
    }
    const parsed = parseDate(text, zone);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    return parsed;
  });
}
