import type { WeeklyWindow, Weekday } from "../../config/schemas/strict.ts";

const DAYS: Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

export interface LocalTime {
  /** YYYY-MM-DD in the zone: the "day" the change budget is counted in. */
  date: string;
  weekday: Weekday;
  /** Minutes since local midnight. */
  minutes: number;
}

/** The wall-clock time in an IANA zone. Pure: `now` is passed in. */
export function localTime(now: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
      hourCycle: "h23",
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: parts.weekday!.toLowerCase().slice(0, 3) as Weekday,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether a local time falls inside a weekly window; `end <= start` runs past midnight. */
export function inWindow(window: WeeklyWindow, time: LocalTime): boolean {
  const start = toMinutes(window.start);
  const end = toMinutes(window.end);
  if (start < end) return window.days.includes(time.weekday) && time.minutes >= start && time.minutes < end;
  const yesterday = DAYS[(DAYS.indexOf(time.weekday) + 6) % 7]!;
  return (window.days.includes(time.weekday) && time.minutes >= start) || (window.days.includes(yesterday) && time.minutes < end);
}

export function describeWindow(window: WeeklyWindow): string {
  const days = window.days.length === 7 ? "daily" : window.days.join(",");
  return `${days} ${window.start}–${window.end}`;
}
