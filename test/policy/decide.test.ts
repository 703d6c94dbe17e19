import { describe, expect, it } from "vitest";
import { decide } from "../../src/core/policy/decide.ts";
import type { Action, PolicyContext } from "../../src/core/policy/decision.ts";
import { loadTemplateConfig } from "../support/template.ts";
import { parsers } from "../support/parsers.ts";

const config = await loadTemplateConfig();
// Wednesday 2026-11-25 17:00 in New York: inside the unattended window (16:30–23:00).
const IN_WINDOW = new Date("2026-11-25T22:00:00Z");
const context = (over: Partial<PolicyContext> = {}): PolicyContext => ({
  config,
  now: IN_WINDOW,
  cadence: "daily",
  changesToday: 0,
  locks: [],
  killSwitch: { engaged: false },
  parsers,
  ...over,
});
const restart = (over: Partial<Action> = {}): Action => ({
  playbook: "restart-stateless-container",
  host: "agent01",
  params: { container: "ollama" },
  mode: "unattended",
  ...over,
});
const rules = (action: Action, ctx: PolicyContext) => {
  const d = decide(action, ctx);
  return { verdict: d.verdict, rules: d.reasons.filter((r) => r.verdict === d.verdict).map((r) => r.rule) };
};

describe("decide: one row per rule", () => {
  const approval = { pr: 7, mergeCommit: "3f9c2ab0d1", approvedHash: "h1", currentHash: "h1" };
  const compression: Action = { playbook: "timescaledb-compression", host: "db01", params: { table: "ticks", segment_by: "symbol" }, mode: "unattended" };
  // Saturday 2026-11-28 10:00 New York: inside the attended window.
  const SATURDAY = new Date("2026-11-28T15:00:00Z");
  // "misclassified" twice: the apply (`docker restart`) and the rollback (`docker start`) are each named.
  const table: [string, Action, PolicyContext, { verdict: string; rules: string[] }][] = [
    ["a reversible change inside the boundary is allowed", restart(), context(), { verdict: "allow", rules: ["target", "class", "schedule"] }],
    ["an unknown playbook is denied (deny by default)", restart({ playbook: "rm-everything" }), context(), { verdict: "deny", rules: ["unclassified"] }],
    ["an unknown host is denied", restart({ host: "agent99" }), context(), { verdict: "deny", rules: ["unknown-host"] }],
    ["a protected host is denied", restart({ host: "fw01" }), context(), { verdict: "deny", rules: ["protected-host"] }],
    [
      "a protected host is denied even when attended and approved",
      restart({ host: "fw01", mode: "attended" }),
      context({ approval }),
      { verdict: "deny", rules: ["protected-host"] },
    ],
    [
      "a host the playbook does not target is denied",
      { playbook: "prometheus-alert-rules", host: "agent01", params: {}, mode: "unattended" },
      context(),
      { verdict: "deny", rules: ["target"] },
    ],
    [
      "a container that exists on another host is not in this host's vocabulary",
      restart({ host: "db01", params: { container: "ollama" } }),
      context(),
      { verdict: "deny", rules: ["parameters"] },
    ],
    [
      "a business-logic container is denied",
      restart({ params: { container: "trading-alpha" } }),
      context(),
      { verdict: "deny", rules: ["protected-service", "misclassified", "misclassified"] },
    ],
    [
      "a stateless container on another docker host is allowed",
      restart({ host: "db01", params: { container: "postgres-exporter" } }),
      context(),
      { verdict: "allow", rules: ["target", "class", "schedule"] },
    ],
    [
      "a stateful container restart is misclassified for a reversible playbook",
      restart({ params: { container: "quote-cache" } }),
      context(),
      { verdict: "deny", rules: ["misclassified", "misclassified"] },
    ],
    ["a value outside the vocabulary is denied", restart({ params: { container: "ollama; reboot" } }), context(), { verdict: "deny", rules: ["parameters"] }],
    [
      "the kill switch denies everything",
      restart(),
      context({ killSwitch: { engaged: true, reason: "STOP exists" } }),
      { verdict: "deny", rules: ["kill-switch"] },
    ],
    ["the research cadence never changes anything", restart(), context({ cadence: "research" }), { verdict: "deny", rules: ["research-cadence"] }],
    ["the daily budget is counted", restart(), context({ changesToday: 1 }), { verdict: "deny", rules: ["budget"] }],
    ["outside the unattended window", restart(), context({ now: new Date("2026-11-25T15:00:00Z") }), { verdict: "deny", rules: ["window"] }],
    [
      "a lock from an open attended change holds the target",
      restart(),
      context({ locks: [{ host: "agent01", reason: "attended change B-0003 open", ref: "#12" }] }),
      { verdict: "deny", rules: ["lock"] },
    ],
    [
      "a lock on another service does not hold this one",
      restart(),
      context({ locks: [{ host: "agent01", service: "collector-*", reason: "x" }] }),
      { verdict: "allow", rules: ["target", "class", "schedule"] },
    ],
    [
      "a busy period holds its hosts",
      { ...compression, mode: "attended" },
      context({ approval, now: new Date("2026-11-28T08:30:00Z") }),
      { verdict: "deny", rules: ["attended-window", "busy"] },
    ],
    ["data and schema classes escalate when unattended", compression, context(), { verdict: "escalate", rules: ["forbidden-unattended", "attended-playbook"] }],
    [
      "an attended change without approval escalates",
      { ...compression, mode: "attended" },
      context({ now: SATURDAY }),
      { verdict: "escalate", rules: ["approval"] },
    ],
    [
      "an attended change with an approval inside the attended window is allowed",
      { ...compression, mode: "attended" },
      context({ approval, now: SATURDAY }),
      { verdict: "allow", rules: ["target", "approval", "class", "schedule"] },
    ],
    [
      "an approval bound to other commands is denied",
      { ...compression, mode: "attended" },
      context({ approval: { ...approval, currentHash: "h2" }, now: SATURDAY }),
      { verdict: "deny", rules: ["approval-hash"] },
    ],
    [
      "an attended change outside the attended window is held",
      { ...compression, mode: "attended" },
      context({ approval, now: new Date("2026-11-25T15:00:00Z") }),
      { verdict: "deny", rules: ["attended-window"] },
    ],
    [
      "a risk raised by an agent makes it stricter",
      restart(),
      context({ raisedRisks: [{ rule: "agent-risk", detail: "the agent saw a deploy in progress" }] }),
      { verdict: "escalate", rules: ["agent-risk"] },
    ],
  ];
  it.each(table)("%s", (_name, action, ctx, expected) => {
    expect(rules(action, ctx)).toEqual(expected);
  });

  it("explains a denial with the guardrail it comes from", () => {
    expect(decide(restart({ host: "fw01" }), context()).reasons).toEqual([
      { rule: "protected-host", detail: "fw01 is a protected host in guardrails.yml: it is never automated, attended or not", verdict: "deny" },
    ]);
  });
});

describe("decide: commands written into a playbook are judged as rendered", () => {
  const withPlaybook = async (yaml: string) => {
    const cfg = await loadTemplateConfig((files) => {
      files["playbooks/hostile.yml"] = yaml;
    });
    return (action: Action) => rules(action, context({ config: cfg }));
  };
  const base = (apply: string, extra = "") =>
    `id: hostile\ntitle: t\nclass: reversible\nmode: unattended\ntargets: { roles: [docker] }\n${extra}steps:\n  snapshot: [ { ssh: "true" } ]\n  apply: [ { ssh: "${apply}" } ]\n  verify: [ { ssh: "true" } ]\n  rollback: [ { ssh: "true" } ]\n`;
  const action: Action = { playbook: "hostile", host: "agent01", params: {}, mode: "unattended" };

  it.each([
    ["a literal restart of a business container", "docker restart trading-alpha", ["protected-service", "misclassified"]],
    ["a firewall rule", "iptables -F", ["firewall"]],
    ["a reboot", "sudo reboot", ["misclassified"]],
    ["a removal outside the declared paths", "rm -rf /var/lib/docker", ["misclassified"]],
    ["destructive SQL through psql", "psql -c 'TRUNCATE ticks'", ["misclassified"]],
  ])("%s is denied", async (_name, command, expected) => {
    // The static audit would refuse this playbook too; the engine must not rely on it having run.
    expect((await withPlaybook(base(command)))(action)).toEqual({ verdict: "deny", rules: expected });
  });
});
