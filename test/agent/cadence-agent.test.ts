import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAgentClient } from "../../src/adapters/agent-client.ts";
import { researchJob } from "../../src/jobs/cadence/research.ts";
import { weeklyJob } from "../../src/jobs/cadence/weekly.ts";
import { reviewJob } from "../../src/jobs/review.ts";
import { commit, createMonthRepo, quietIO, standInDaily, unreachable } from "../cadences/month-lab.ts";
import { AGENT_URL, ANSWERS, PATH, completion, guardNetwork, settings } from "./agent-lab.ts";

let done: () => void;
beforeEach(() => {
  done = guardNetwork();
});
afterEach(() => done());

const log = { warn: () => {}, info: () => {} };

async function week() {
  const ops = await createMonthRepo();
  for (let n = 1; n <= 8; n++) await standInDaily(ops, `2026-11-0${n}`, n, { evidence: true });
  return ops;
}

describe("the agent inside the weekly runs", () => {
  it("research: its idea is filed with prose evidence, its pick on a protected host is dropped, and nothing is allowed", { timeout: 20_000 }, async () => {
    const ops = await week();
    const answer = JSON.stringify({ ...JSON.parse(ANSWERS.good), picks: [...JSON.parse(ANSWERS.good).picks, ...JSON.parse(ANSWERS.protectedHost).picks] });
    nock(AGENT_URL).post(PATH).reply(200, completion(answer));
    const result = await researchJob({ ops, now: new Date("2026-11-08T22:30:00Z"), dryRun: false }, quietIO(), {
      agent: createAgentClient(settings(), { env: {}, log }),
    });
    expect(result.markdown).toContain("The agent's summary (untrusted narrative, not a finding): A quiet week");
    expect(result.markdown).toMatch(/dropped: pick restart-stateless-container on fw01: host "fw01"/);
    // The finding it names was not reported by this run, so even the catalogue pick is dropped; none reaches the policy as allowed.
    expect(result.markdown).not.toMatch(/the policy says allow/);
    expect(result.markdown).toMatch(
      /dropped: pick restart-stateless-container on agent01: finding "container-down:agent01:collector-reddit" was not reported by this run/,
    );
    const ideas = await readFile(join(ops, "IDEAS.md"), "utf8");
    expect(ideas).toContain("Move old ticks to the NAS");
    expect(ideas).toMatch(/2026-11-08 — \(agent\) ticks grows 50 MB a day/);
    expect(ideas).toContain("idea:compression:db01:market.public.ticks");
  });

  it("weekly: a garbage answer leaves the rules-based deep-dive whole and says the agent was not used", { timeout: 20_000 }, async () => {
    const ops = await week();
    nock(AGENT_URL).post(PATH).reply(200, completion(ANSWERS.shellCommand));
    const result = await weeklyJob({ ops, now: new Date("2026-11-08T22:00:00Z"), dryRun: false }, quietIO(), {
      agent: createAgentClient(settings(), { env: {}, log }),
    });
    expect(result.markdown).toMatch(/The agent's answer was not used \(does not match the answer schema/);
    expect(result.markdown).toContain("##### Backlog re-rank");
    expect(result.markdown).toContain("##### Week over week");
  });

  it("weekly: a pick for a reported finding passes the policy as a proposal, and the agent's own risk escalates it", { timeout: 20_000 }, async () => {
    const ops = await week();
    const pick = {
      finding: "no-alerting-rules:db01:alerting-rules",
      playbook: "restart-stateless-container",
      host: "agent01",
      params: { container: "collector-reddit" },
    };
    nock(AGENT_URL)
      .post(PATH)
      .reply(200, completion(JSON.stringify({ summary: "One pick.", picks: [pick], risks: [{ host: "agent01", detail: "the collector restarted twice" }] })));
    const result = await weeklyJob({ ops, now: new Date("2026-11-08T22:00:00Z"), dryRun: false }, quietIO(), {
      agent: createAgentClient(settings(), { env: {}, log }),
    });
    expect(result.markdown).toMatch(
      /pick restart-stateless-container on agent01: the policy says escalate — the agent raised a risk: the collector restarted twice \(a proposal only: the agent's picks are never applied\)/,
    );
  });

  it("daily: an enabled agent gets its own section; a pick on a protected host is dropped and nothing it says adds a change", { timeout: 20_000 }, async () => {
    const ops = await week();
    await appendFile(join(ops, "guardrails.yml"), `agent:\n  enabled: true\n  url: ${AGENT_URL}${PATH}\n`);
    await commit(ops, "Enable the agent");
    nock(AGENT_URL).post(PATH).reply(200, completion(ANSWERS.protectedHost));
    const receipts = await reviewJob({ ops, now: new Date("2026-11-09T21:00:00Z"), dryRun: false }, quietIO(), { transport: () => unreachable });
    expect(receipts.entry.changes ?? []).toEqual([]);
    expect(receipts.entry.notes).toMatch(/#### Agent\n\nThe agent's summary \(untrusted narrative, not a finding\): Restart the firewall\./);
    expect(receipts.entry.notes).toMatch(/dropped: pick restart-stateless-container on fw01/);
  });
});
