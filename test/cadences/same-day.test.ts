import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseChangelog } from "../../src/core/ledger/index.ts";
import { weeklyJob } from "../../src/jobs/cadence/weekly.ts";
import { reviewJob } from "../../src/jobs/review.ts";
import { createMonthRepo, quietIO, standInDaily, unreachable } from "./month-lab.ts";

describe("a weekly run before the daily one on the same day", () => {
  it("records a no-review entry that the daily review then replaces, keeping the deep-dive section", { timeout: 30_000 }, async () => {
    const ops = await createMonthRepo();
    for (let n = 1; n <= 7; n++) await standInDaily(ops, `2026-11-0${n}`, n, { evidence: false });
    const weekly = await weeklyJob({ ops, now: new Date("2026-11-08T06:00:00Z"), dryRun: false }, quietIO());
    expect(weekly.entry).toMatchObject({ date: "2026-11-08", kind: "no-review" });
    await reviewJob({ ops, now: new Date("2026-11-08T21:00:00Z"), dryRun: false }, quietIO(), { transport: () => unreachable });
    const day = parseChangelog(await readFile(join(ops, "CHANGELOG.md"), "utf8")).days[0]!;
    expect(day.date).toBe("2026-11-08");
    expect(day.kind).not.toBe("no-review");
    expect(day.text).toContain("#### Weekly deep-dive");
    expect(day.text).toContain("##### Backlog re-rank");
    // The 7th's review was 24 h earlier: the switch stays quiet.
    expect(day.text).not.toContain("DEAD MAN'S SWITCH");
  });
});
