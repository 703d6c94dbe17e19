import { readFile } from "node:fs/promises";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";

type Workflow = {
  on: { schedule: { cron: string }[] };
  concurrency: unknown;
  jobs: Record<string, { steps: { with?: { command?: string }; env?: Record<string, string> }[] }>;
};
const read = async (name: string) => load(await readFile(new URL(`../../ops-repo-template/.github/workflows/${name}`, import.meta.url), "utf8")) as Workflow;

describe("the weekly workflows of the ops-repo template", () => {
  it("share the daily review's concurrency group, run on Sundays after it, and call their cadence", async () => {
    const daily = await read("daily-review.yml");
    for (const [file, cadence] of [
      ["weekly-deep-dive.yml", "weekly"],
      ["weekly-research.yml", "research"],
    ] as const) {
      const workflow = await read(file);
      expect(workflow.concurrency, file).toEqual(daily.concurrency);
      expect(workflow.concurrency).toEqual({ group: "rounds-ops", "cancel-in-progress": false });
      const [minute, hour, , , weekday] = workflow.on.schedule[0]!.cron.split(" ");
      expect(weekday, file).toBe("0");
      const dailySunday = daily.on.schedule.find((s) => s.cron.endsWith(" 0,6"))!.cron.split(" ");
      expect(Number(hour) * 60 + Number(minute), `${file} runs after the Sunday daily review`).toBeGreaterThan(
        Number(dailySunday[1]) * 60 + Number(dailySunday[0]),
      );
      const steps = Object.values(workflow.jobs)[0]!.steps;
      const run = steps.find((s) => s.with?.command)!;
      expect(run.with!.command).toContain(`review --cadence ${cadence} --ops .`);
      // Neither weekly run touches a host: no SSH identity or database DSN is handed to it.
      expect(Object.keys(run.env ?? {}).filter((k) => /KEY$|DSN$/.test(k) && k !== "ROUNDS_AGENT_KEY")).toEqual([]);
    }
  });
});
