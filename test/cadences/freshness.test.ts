import { describe, expect, it } from "vitest";
import { parseChangelog, upsertDayEntry } from "../../src/core/ledger/index.ts";
import { freshness } from "../../src/core/review/freshness.ts";
import { cadenceEntry, dailyNotes } from "../../src/core/review/cadence-entry.ts";
import { withCadenceSection } from "../../src/core/review/cadence-sections.ts";
import { paragraph, text } from "../../src/core/ledger/mdast-build.ts";

const healthy = (date: string) => ({ date, kind: "healthy" as const, hosts: [{ host: "db01", checks: 3, result: "ok" }] });
const changelog = (...dates: string[]) => dates.reduce((t, d) => upsertDayEntry(t, healthy(d)), "# Changelog\n");

function check(text: string, now: string, options: { reviewedAt?: Record<string, string>; timeZone?: string } = {}) {
  return freshness({
    days: parseChangelog(text).days,
    reviewedAt: new Map(Object.entries(options.reviewedAt ?? {})),
    now: new Date(now),
    limitHours: 36,
    timeZone: options.timeZone ?? "UTC",
  });
}

describe("the dead man's switch", () => {
  it("is quiet after a daily run and loud once a day is missing", () => {
    const text = changelog("2026-11-23", "2026-11-24");
    expect(check(text, "2026-11-25T21:00:00Z", { reviewedAt: { "2026-11-24": "2026-11-24T21:00:00Z" } })).toMatchObject({
      stale: false,
      silentHours: 24,
      missedDays: [],
    });
    const late = check(text, "2026-11-26T21:00:00Z", { reviewedAt: { "2026-11-24": "2026-11-24T21:00:00Z" } });
    expect(late).toMatchObject({ stale: true, silentHours: 48, missedDays: ["2026-11-25"] });
    expect(late.message).toMatch(/^DEAD MAN'S SWITCH: no daily review recorded for 48 h .* \(missing: 2026-11-25\)/);
  });

  it("without a recorded time, counts from the end of the last day in the guardrails' zone", () => {
    const text = changelog("2026-11-24");
    // Midnight after the 24th in New York is 05:00 UTC on the 25th.
    expect(check(text, "2026-11-26T17:00:00Z", { timeZone: "America/New_York" })).toMatchObject({
      stale: false,
      silentHours: 36,
      lastReviewAt: "2026-11-25T05:00:00.000Z",
    });
    expect(check(text, "2026-11-26T18:00:00Z", { timeZone: "America/New_York" }).stale).toBe(true);
  });

  it("never counts a weekly-only day as a review, and calls an empty ledger stale", () => {
    const ledger = upsertDayEntry(changelog("2026-11-20"), cadenceEntry(changelog("2026-11-20"), "2026-11-22", "weekly", [paragraph(text("audit"))]));
    expect(parseChangelog(ledger).days[0]).toMatchObject({ date: "2026-11-22", kind: "no-review" });
    expect(check(ledger, "2026-11-22T23:00:00Z")).toMatchObject({ stale: true, lastReviewDay: "2026-11-20" });
    expect(check("# Changelog\n", "2026-11-22T23:00:00Z")).toMatchObject({ stale: true, neverReviewed: true });
  });
});

describe("several cadences, one entry a day", () => {
  it("adds a weekly section to the day's entry without touching the daily's parts, and the daily carries it over", () => {
    const daily = changelog("2026-11-22");
    const withWeekly = upsertDayEntry(daily, cadenceEntry(daily, "2026-11-22", "weekly", [paragraph(text("re-rank proposed"))]));
    const withBoth = upsertDayEntry(withWeekly, cadenceEntry(withWeekly, "2026-11-22", "research", [paragraph(text("two ideas"))]));
    const day = parseChangelog(withBoth).days[0]!;
    expect(day.kind).toBe("healthy");
    expect(day.text).toContain("| db01 | 3 | ok |");
    expect(day.text.indexOf("#### Weekly deep-dive")).toBeLessThan(day.text.indexOf("#### Research run"));
    // A re-run of the weekly replaces its own section only.
    const rerun = upsertDayEntry(withBoth, cadenceEntry(withBoth, "2026-11-22", "weekly", [paragraph(text("order unchanged"))]));
    expect(rerun).toContain("order unchanged");
    expect(rerun).not.toContain("re-rank proposed");
    expect(rerun).toContain("two ideas");
    // The daily review rewriting the day keeps both sections.
    expect(dailyNotes(rerun, "2026-11-22", undefined)).toMatch(/#### Weekly deep-dive\n\norder unchanged\n\n#### Research run\n\ntwo ideas\n/);
    // Byte-stable: rendering the same day again changes nothing.
    expect(upsertDayEntry(rerun, cadenceEntry(rerun, "2026-11-22", "weekly", [paragraph(text("order unchanged"))]))).toBe(rerun);
  });

  it("keeps a person's free notes before the cadence sections", () => {
    const notes = withCadenceSection("A person's note.", "research", [paragraph(text("ideas"))]);
    expect(notes).toBe("A person's note.\n\n#### Research run\n\nideas\n");
    expect(withCadenceSection(notes, "research", undefined)).toBe("A person's note.\n");
  });

  it("a re-run of the daily review on the day of an alarm keeps the alarm: it happened", () => {
    const stale = check(changelog("2026-11-20"), "2026-11-23T21:00:00Z");
    const flagged = upsertDayEntry(changelog("2026-11-20"), { ...healthy("2026-11-23"), notes: dailyNotes(changelog("2026-11-20"), "2026-11-23", stale) });
    expect(flagged).toContain("**DEAD MAN'S SWITCH: no daily review recorded for");
    const fresh = check(flagged, "2026-11-23T22:00:00Z", { reviewedAt: { "2026-11-23": "2026-11-23T21:00:00Z" } });
    expect(fresh.stale).toBe(false);
    expect(dailyNotes(flagged, "2026-11-23", fresh)).toContain("#### Dead man's switch");
  });
});
