import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  HEALTHY_RESULT,
  RESULT_KINDS,
  checkLedger,
  countChanges,
  parseChangelog,
  parseDayEntry,
  recentDays,
  renderDayEntry,
  upsertDayEntry,
  type AppliedChange,
  type DayEntry,
} from "../../src/core/ledger/index.ts";

import { catchLedgerError } from "./catch-ledger-error.ts";

const HEAD = "# Changelog\n";
const change = (mode: AppliedChange["mode"]): AppliedChange => ({
  mode,
  what: "w",
  why: "y",
  playbook: "p",
  host: "mon01",
  snapshot: "/s",
  rollbackCommand: "r",
  verification: ["ok"],
});
const day = (date: string, extra: Partial<DayEntry> = {}): DayEntry => ({ date, kind: "healthy", ...extra });

describe("CHANGELOG day entries", () => {
  it("renders a healthy day with the exact result line, deterministically", () => {
    const text = renderDayEntry(day("2026-11-25"));
    expect(text).toBe(`## 2026-11-25 · healthy\n\n${HEALTHY_RESULT}\n`);
    expect(HEALTHY_RESULT).toBe("No change applied (system healthy) — every check passed; no worthwhile safe change was found, so none was manufactured.");
    expect(renderDayEntry(day("2026-11-25"))).toBe(text);
  });

  it("refuses an entry without a result line, with a bad date, or whose kind contradicts its changes", () => {
    expect(() => renderDayEntry({ date: "2026-11-25", kind: "held" })).toThrow(/needs a result line/);
    expect(() => renderDayEntry(day("25.11.2026"))).toThrow(/YYYY-MM-DD/);
    expect(() => renderDayEntry(day("2026-11-25", { kind: "change-applied", result: "A." }))).toThrow(/needs the change it made/);
    expect(() => renderDayEntry(day("2026-11-25", { changes: [change("unattended")] }))).toThrow(/records no change/);
  });

  it("reads the newest days from the head only", () => {
    let text = HEAD;
    for (const date of ["2026-11-22", "2026-11-23", "2026-11-24"]) text = upsertDayEntry(text, day(date, { kind: "held", result: `Held on ${date}.` }));
    const days = recentDays(`${text}\n## Not a day\n`, 2);
    expect(days.map((d) => [d.date, d.kind])).toEqual([
      ["2026-11-24", "held"],
      ["2026-11-23", "held"],
    ]);
    expect(days[1]!.text).toBe(parseChangelog(text).days[1]!.text);
    expect(parseDayEntry(days[1]!.text).entry.result).toBe("Held on 2026-11-23.");
    expect(recentDays(HEAD, 2)).toEqual([]);
    expect(recentDays(text, 5)).toHaveLength(3);
  });

  it("prepends a new day and leaves every byte after it untouched", () => {
    const before = upsertDayEntry(upsertDayEntry(HEAD, day("2026-11-23")), day("2026-11-24"));
    const after = upsertDayEntry(before, day("2026-11-25", { kind: "escalated-only", result: "Escalated B-0003." }));
    const tail = before.slice(before.indexOf("## 2026-11-24"));
    expect(after.endsWith(tail)).toBe(true);
    expect(parseChangelog(after).days.map((d) => d.date)).toEqual(["2026-11-25", "2026-11-24", "2026-11-23"]);
    expect(checkLedger("CHANGELOG.md", after)).toEqual([]);
  });

  it("replaces the same day's entry on a re-run instead of adding a second", () => {
    const once = upsertDayEntry(upsertDayEntry(HEAD, day("2026-11-24")), day("2026-11-25"));
    const twice = upsertDayEntry(once, day("2026-11-25", { kind: "held", result: "Held." }));
    expect(parseChangelog(twice).days.map((d) => [d.date, d.kind])).toEqual([
      ["2026-11-25", "held"],
      ["2026-11-24", "healthy"],
    ]);
    expect(upsertDayEntry(twice, day("2026-11-25", { kind: "held", result: "Held." }))).toBe(twice);
  });

  it("refuses to write a day older than the newest, or to drop a recorded change on a re-run", () => {
    const text = upsertDayEntry(HEAD, day("2026-11-25", { kind: "change-applied", result: "Applied.", changes: [change("unattended")] }));
    expect(() => upsertDayEntry(text, day("2026-11-24"))).toThrow(/older than the newest day \(2026-11-25\)/);
    const error = catchLedgerError(() => upsertDayEntry(text, day("2026-11-25")));
    expect(error.problems[0]!.message).toMatch(/records 1 unattended change\(s\) but the new entry has 0/);
    expect(error.file).toBe("CHANGELOG.md");
  });

  it("counts the day's changes by mode from the text, and a rolled-back change counts", () => {
    let text = upsertDayEntry(HEAD, day("2026-11-24", { kind: "change-applied", result: "A.", changes: [change("unattended")] }));
    text = upsertDayEntry(text, day("2026-11-25", { kind: "failed-rolled-back", result: "Rolled back.", changes: [change("unattended"), change("attended")] }));
    expect(countChanges(text, "2026-11-25", "unattended")).toBe(1);
    expect(countChanges(text, "2026-11-25", "attended")).toBe(1);
    expect(countChanges(text, "2026-11-25")).toBe(2);
    expect(countChanges(text, "2026-11-24", "unattended")).toBe(1);
    expect(countChanges(text, "2026-11-26", "unattended")).toBe(0);
    // A heading quoted in a code fence is not a change.
    expect(countChanges(`${HEAD}\n## 2026-11-26 · healthy\n\n\`\`\`\n### Change 1 (unattended) — quoted\n\`\`\`\n`, "2026-11-26")).toBe(0);
  });

  it("counts both entries when a damaged file has the same day twice (fails safe)", () => {
    const entry = renderDayEntry(day("2026-11-25", { kind: "change-applied", result: "A.", changes: [change("unattended")] }));
    expect(countChanges(`${HEAD}\n${entry}\n${entry}`, "2026-11-25", "unattended")).toBe(2);
  });

  it("reports headings that are not days, unknown kinds and the wrong order", () => {
    const text = `${HEAD}\n## 2026-11-24 · sunny\n\nx\n\n## Archive\n\ny\n\n## 2026-11-25\n\nz\n`;
    expect(checkLedger("ops/CHANGELOG.md", text).map((p) => `${p.line}: ${p.message}`)).toEqual([
      `3: unknown result kind "sunny" (expected one of ${RESULT_KINDS.join(", ")})`,
      '7: "## Archive" is not a day heading (## YYYY-MM-DD); after the first day, every level-2 heading must be a day',
      "11: 2026-11-25 comes after the older 2026-11-24; entries are newest first",
    ]);
  });
});

describe("parseDayEntry", () => {
  const full: DayEntry = {
    date: "2026-11-25",
    kind: "change-applied",
    result: "Applied *one* change | safely.",
    changes: [
      {
        ...change("attended"),
        why: "pg_up=0: the DSN pointed at a missing role",
        rollbackCommand: "psql -c 'DROP ROLE rounds_monitor'\nsystemctl reload postgresql",
        approvalHash: "sha256:abc",
        pr: "https://github.com/acme/ops/pull/3",
        verification: ["pg_up=1", "alert cleared"],
      },
    ],
    held: [{ what: "restart collect02", reason: "busy: the owner's weekend maintenance" }],
    hosts: [
      { host: "db01", checks: 12, result: "pass", notes: "a | b" },
      { host: "mon01", checks: 3, result: "fail" },
    ],
    watchItems: [
      { id: "W-1", description: "exporter: pg_up", status: "carried-over", detail: "re-check tomorrow" },
      { id: "W-2", description: "rules", status: "closed" },
    ],
    escalations: [{ id: "B-0003", title: "Feeds answer 403", reason: "server-side; a restart would not help" }],
    recoveries: [
      {
        id: "B-0001",
        title: "Feed answers 403",
        status: "closed",
        detail: "closed on recovery: the condition was not present on 3 observed day(s), 2026-11-23 to 2026-11-25 (reverifyDays 3); see the evidence",
      },
      { id: "B-0004", title: "collect02 disk | 91 %", status: "recovering", detail: "recovered: the condition was not present on 2026-11-25 (1 of 3 day(s))" },
    ],
    trends: [{ subject: "db01 /", metric: "used", yesterday: "68 %", today: "69 %" }],
    overhead: { durationMs: 41_234, commands: 1_187, bytesIn: 12_345_678, bytesOut: 0 },
    notes: "Sam was on site.\n\n#### Aside\n\n- one\n- two",
  };

  it("reads back every field a bot-written day holds, and re-renders it byte for byte", () => {
    const text = renderDayEntry(full);
    const { entry, humanContent } = parseDayEntry(text);
    expect(entry).toEqual(full);
    expect(humanContent).toEqual([]);
    expect(renderDayEntry(entry)).toBe(text);
  });

  it("implies the healthy line from the kind and returns a person's notes verbatim", () => {
    const text = `${renderDayEntry(day("2026-11-24"))}\nSam: checked this one myself  too.\n`;
    expect(parseDayEntry(text)).toEqual({ entry: { date: "2026-11-24", kind: "healthy" }, humanContent: ["Sam: checked this one myself  too."] });
  });

  it("round-trips arbitrary text in every field (property)", () => {
    const line = fc
      .string({ minLength: 1, maxLength: 30, unit: fc.constantFrom(..."ab _*|\\`<>[]#&—:·-1.!~$".split("")) })
      .map((s) => s.replace(/\s+/g, " ").trim())
      .filter((s) => s.length > 0);
    fc.assert(
      fc.property(line, line, line, (what, reason, note) => {
        const entry: DayEntry = {
          date: "2026-11-25",
          kind: "held",
          result: reason,
          held: [{ what, reason }],
          escalations: [{ id: "B-0001", title: what, reason: note }],
          watchItems: [{ id: "W-1", description: note, status: "closed", detail: what }],
        };
        const text = renderDayEntry(entry);
        expect(parseDayEntry(text).entry).toEqual(entry);
        expect(renderDayEntry(parseDayEntry(text).entry)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});
