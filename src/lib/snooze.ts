import { type BusinessHours, WEEKDAYS, type Weekday } from "./business-hours";

/**
 * Snooze presets on the workspace's clock (its time zone and business
 * hours), computed by the server at the moment of snoozing. Intl does the
 * time-zone work (no date library in the project): a wall-clock time is
 * turned into an instant by trying the zone's offsets around it.
 */
export const SNOOZE_PRESETS = ["one_hour", "tonight", "tomorrow", "next_week"] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number];

/** Used on days without business hours: the evening and the morning. */
const DEFAULT_EVENING = "18:00";
const DEFAULT_MORNING = "09:00";

/** A calendar day and a time on the workspace's clock. */
interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallTimeOf(at: Date, timeZone: string): WallTime & { second: number } {
  const parts = partsFormatter(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part("year"), month: part("month"), day: part("day"), hour: part("hour"), minute: part("minute"), second: part("second") };
}

/** The zone's offset from UTC at a moment, in milliseconds. */
function offsetAt(at: number, timeZone: string): number {
  const w = wallTimeOf(new Date(at), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - (at - (((at % 1000) + 1000) % 1000));
}

/**
 * The instant a wall-clock time names in the zone. Around a DST change the
 * zone has two offsets: a time that occurs twice is its first occurrence, a
 * time skipped by the change is moved forward by the gap (02:30 → 03:30).
 */
export function fromWallTime(wall: WallTime, timeZone: string): Date {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const offsets = [...new Set([offsetAt(naive - 86_400_000, timeZone), offsetAt(naive + 86_400_000, timeZone)])];
  const matches = offsets
    .map((offset) => naive - offset)
    .filter((at) => {
      const w = wallTimeOf(new Date(at), timeZone);
      return w.day === wall.day && w.hour === wall.hour && w.minute === wall.minute;
    })
    .sort((a, b) => a - b);
  return new Date(matches[0] ?? naive - (offsets[0] ?? 0));
}

/** "2026-12-06T09:00" (a datetime-local input) read on the zone's clock; null when malformed. */
export function parseWallTime(local: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  return fromWallTime({ year, month, day, hour, minute }, timeZone);
}

/** The calendar day `days` after the given one, with its weekday. */
function addDays(wall: WallTime, days: number): WallTime & { weekday: Weekday } {
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: 0,
    minute: 0,
    weekday: WEEKDAYS[(date.getUTCDay() + 6) % 7] as Weekday,
  };
}

const at = (day: WallTime, hhmm: string): WallTime => ({ ...day, hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3, 5)) });

/** The opening of the first business day among `days` days from `first`, or the default morning of `first`. */
function firstOpening(today: WallTime, first: number, days: number, hours: BusinessHours, timeZone: string): Date {
  for (let n = first; n < first + days; n++) {
    const day = addDays(today, n);
    const open = hours[day.weekday]?.open;
    if (open) return fromWallTime(at(day, open), timeZone);
  }
  return fromWallTime(at(addDays(today, first), DEFAULT_MORNING), timeZone);
}

/**
 * When a preset wakes the conversation, or null when it does not apply now
 * ("tonight" once the evening has passed).
 * - one_hour: an hour from now;
 * - tonight: today's closing time, or 18:00 when closed today or already past closing;
 * - tomorrow: the next business day's opening (09:00 tomorrow without business hours);
 * - next_week: the opening of the first business day of next week (Monday-based).
 */
export function snoozeUntil(preset: SnoozePreset, now: Date, timeZone: string, hours: BusinessHours): Date | null {
  const today = wallTimeOf(now, timeZone);
  switch (preset) {
    case "one_hour":
      return new Date(now.getTime() + 3_600_000);
    case "tonight": {
      const close = hours[addDays(today, 0).weekday]?.close;
      const candidates = [close, DEFAULT_EVENING].filter((t): t is string => Boolean(t));
      const times = candidates.map((t) => fromWallTime(at(today, t), timeZone)).filter((t) => t > now);
      return times[0] ?? null;
    }
    case "tomorrow":
      return firstOpening(today, 1, 7, hours, timeZone);
    case "next_week": {
      const isoWeekday = WEEKDAYS.indexOf(addDays(today, 0).weekday) + 1;
      return firstOpening(today, 8 - isoWeekday, 7, hours, timeZone);
    }
  }
}

export interface SnoozeOption {
  preset: SnoozePreset;
  /** ISO 8601 instant; the menu names it in the reader's language. */
  until: string;
}

/** The presets that apply now, for the snooze menu. */
export function snoozeOptions(now: Date, timeZone: string, hours: BusinessHours): SnoozeOption[] {
  return SNOOZE_PRESETS.flatMap((preset) => {
    const until = snoozeUntil(preset, now, timeZone, hours);
    return until ? [{ preset, until: until.toISOString() }] : [];
  });
}
