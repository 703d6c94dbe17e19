import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.ts";
import { simpleGit } from "simple-git";
import { createMonthRepo, quietIO, standInDaily } from "./month-lab.ts";

describe("rounds review --cadence and rounds check --freshness from the command line", () => {
  it("runs the weekly and research cadences dry, and refuses an unknown cadence", { timeout: 30_000 }, async () => {
    const ops = await createMonthRepo();
    for (let n = 1; n <= 8; n++) await standInDaily(ops, `2026-11-0${n}`, n, { evidence: false });
    const head = await simpleGit(ops).revparse(["HEAD"]);
    for (const cadence of ["weekly", "research"]) {
      const lines: string[] = [];
      const code = await main(["node", "rounds", "review", "--cadence", cadence, "--ops", ops, "--now", "2026-11-08T22:00:00Z", "--dry-run"], quietIO(lines));
      expect(code).toBe(0);
      expect(lines.join("\n")).toContain(cadence === "weekly" ? "#### Weekly deep-dive" : "#### Research run");
    }
    // A dry run writes nothing.
    expect(await simpleGit(ops).revparse(["HEAD"])).toBe(head);
    expect((await simpleGit(ops).status()).isClean()).toBe(true);
    expect(await main(["node", "rounds", "review", "--cadence", "monthly", "--ops", ops], quietIO())).toBe(2);
  });

  it("rounds check --freshness exits 1 with the alarm when the last review is too old", { timeout: 30_000 }, async () => {
    const ops = await createMonthRepo();
    await standInDaily(ops, "2026-11-01", 1, { evidence: false });
    const errors: string[] = [];
    const code = await main(["node", "rounds", "check", "--ops", ops, "--freshness"], {
      ...quietIO(),
      progress: (l) => errors.push(l),
      now: () => new Date("2026-11-03T12:00:00Z"),
    });
    expect(code).toBe(1);
    expect(errors.join("\n")).toMatch(/DEAD MAN'S SWITCH: no daily review recorded for 39 h/);
  });
});
