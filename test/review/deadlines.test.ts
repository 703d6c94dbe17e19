// Issue 11, item 1, through the CLI with the real clock on a real Prometheus: a verify that cannot
// hold ends at its `within`, the change is rolled back, the restored state verified and the entry
// written; a watched change re-verified on a later day ends the same way. (Before, the wait read a
// clock frozen at the run's start, so it never ended and the rollback never came.)
import { readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dump, load } from "js-yaml";
import type { FakeHost } from "../../src/demo/fake-ssh-host.ts";
import { TEMPLATE } from "../support/template.ts";
import type { TestPrometheus } from "../support/prometheus.ts";
import { startMonitoringHost, waitForQuery, type MonitoringHost } from "./monitoring-host.ts";
import { reviewJob } from "../../src/jobs/review.ts";
import { startReviewLab, type ReviewLab } from "./review-lab.ts";

let lab: ReviewLab;
let monitoring: MonitoringHost;
let prometheus: TestPrometheus;
let mon01: FakeHost;
let rulesDir: string;

/** The template's alert-rules playbook for this lab, with its rule-count verify made to expect `count` within `within` s. */
async function rulesPlaybook(count: number, within: number): Promise<string> {
  const text = (await readFile(join(TEMPLATE, "playbooks/prometheus-alert-rules.yml"), "utf8"))
    .replaceAll("http://127.0.0.1:9090", prometheus.url)
    .replaceAll("/etc/prometheus/rules.d", rulesDir);
  const edited = text.replace('expect: "== 4", within: 60', `expect: "== ${count}", within: ${within}`);
  if (edited === text) throw new Error("the template's verify changed: update this test");
  return edited;
}

const entry = (changelog: string, date: string) => changelog.split(/\n(?=## \d{4}-)/).find((e) => e.startsWith(`## ${date}`)) ?? "";

async function timedReview(now: string) {
  const started = performance.now();
  const result = await lab.review(now);
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

beforeAll(async () => {
  lab = await startReviewLab();
  monitoring = await startMonitoringHost(lab);
  ({ mon01, prometheus, rulesDir } = monitoring);
  await lab.editOps(async (dir) => {
    const inventory = load(await readFile(join(dir, "inventory.yml"), "utf8")) as { hosts: Record<string, unknown>[] };
    inventory.hosts.splice(2, 0, monitoring.entry());
    await writeFile(join(dir, "inventory.yml"), dump(inventory));
    await writeFile(join(dir, "playbooks/prometheus-alert-rules.yml"), await rulesPlaybook(5, 10));
  }, "Lab: mon01 with a real Prometheus; the rules playbook's verify can never hold (5 rules, within 10 s)");
  // Prometheus has scraped itself once, so its own metrics exist before the first review.
  await waitForQuery(prometheus, "prometheus_config_last_reload_successful", '"value"', "Prometheus's first self-scrape");
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([monitoring?.stop(), lab?.close()]);
});

describe("every wait ends, on the real clock", () => {
  it("an impossible verify with within: 10 ends in about 10 s, rolls back, verifies the restored state and logs it", async () => {
    const result = await timedReview("2026-11-16T22:00:00Z");
    expect(result.code, result.stderr).toBe(0);
    // It waited for its within (the query runs every 5 s from the start), and no longer than the run's own work.
    expect(result.seconds).toBeGreaterThan(10);
    expect(result.seconds).toBeLessThan(60);
    const day = entry(await lab.changelog(), "2026-11-16");
    expect(day).toContain("prometheus-alert-rules on mon01");
    // The receipts show the applied commands, and count the operator's commands with the observer's.
    expect(day).toMatch(/✓ apply: ssh: promtool check rules .*rounds-minimal\.yml/);
    const counted = Number(/Duration [\d,]+ ms · ([\d,]+) commands sent/.exec(day)?.[1]?.replace(/,/g, ""));
    expect(counted).toBeGreaterThanOrEqual(mon01.commands.length);
    expect(day).toMatch(/got 4, expected == 5 \(still after 10 s\)/);
    expect(day).toMatch(/rolled back and the restored state verified/);
    // From outside: the rules are gone again, and Prometheus was reloaded back to none of them.
    expect(await readdir(rulesDir)).toEqual([]);
    const groups = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as { data: { groups: { name: string }[] } };
    expect(groups.data.groups.map((g) => g.name)).toEqual(["dashboards"]);
    expect(mon01.commands.filter((c) => c.includes("/-/reload"))).toHaveLength(2);
    // The intent was resolved: no change is left in flight.
    expect(await readdir(join(lab.ops, "state/intents")).catch(() => [])).toEqual([]);
  });

  it("a watched change whose re-verify cannot hold ends the same way on a later day", async () => {
    await lab.editOps(async (dir) => {
      await writeFile(join(dir, "playbooks/prometheus-alert-rules.yml"), await rulesPlaybook(4, 10));
    }, "The rules playbook's verify can hold (4 rules, within 10 s)");
    const applied = await timedReview("2026-11-17T22:00:00Z");
    expect(applied.code, applied.stderr).toBe(0);
    expect(entry(await lab.changelog(), "2026-11-17")).toContain("## 2026-11-17 · change-applied");
    // Someone removes the rules behind the bot's back; the next day's re-verify cannot hold.
    await rm(join(rulesDir, "rounds-minimal.yml"));
    await fetch(`${prometheus.url}/-/reload`, { method: "POST" });
    const rechecked = await timedReview("2026-11-18T22:00:00Z");
    expect(rechecked.code, rechecked.stderr).toBe(0);
    expect(rechecked.seconds).toBeGreaterThan(10);
    expect(rechecked.seconds).toBeLessThan(60);
    const day = entry(await lab.changelog(), "2026-11-18");
    expect(day).toMatch(/no longer holds/);
    expect(day).toMatch(/(matched no series|got 0, expected == 4) \(still after 10 s\)/);
  });

  it("the review's time budget (guardrails.yml: reviewBudgetMinutes) cuts a long verify short and the change is rolled back", async () => {
    await lab.editOps(async (dir) => {
      await writeFile(join(dir, "playbooks/prometheus-alert-rules.yml"), await rulesPlaybook(5, 3600));
      await writeFile(join(dir, "guardrails.yml"), `${await readFile(join(dir, "guardrails.yml"), "utf8")}reviewBudgetMinutes: 2\n`);
      await rm(join(dir, "state/watch.json"), { force: true });
    }, "A verify that would wait an hour, in a review with a two-minute budget");
    await rm(join(rulesDir, "rounds-minimal.yml"), { force: true });
    await fetch(`${prometheus.url}/-/reload`, { method: "POST" });
    // The review itself, in process, on a clock that moves only when the executor sleeps: the
    // budget is measured on it from the review's start, so two minutes cost no real time.
    let t = 0;
    const clock = {
      now: () => t,
      sleep: async (ms: number) => {
        t += ms;
      },
    };
    const io = { print: () => {}, progress: () => {}, env: lab.env, now: () => new Date("2026-11-19T22:00:00Z") };
    const receipts = await reviewJob({ ops: lab.ops, now: new Date("2026-11-19T22:00:00Z"), dryRun: false }, io, { clock });
    expect(t).toBeGreaterThanOrEqual(120_000);
    expect(t).toBeLessThan(130_000);
    expect(receipts.entry.kind).toBe("failed-rolled-back");
    // Whether Prometheus has self-scraped the new group yet is its own timing: no series, or the 4 rules.
    expect(entry(await lab.changelog(), "2026-11-19")).toMatch(
      /== 5 \((the query matched no series|got 4, expected == 5) \(still after the review's time budget ran out\)\)/,
    );
    expect(await readdir(rulesDir)).toEqual([]);
  });
});
