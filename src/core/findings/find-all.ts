import { judge } from "../judgement/outside-boundary.ts";
import { attachRemedy } from "./attach-remedy.ts";
import { changeHolding } from "./change-holding.ts";
import { customChecks } from "./custom-checks.ts";
import { attributeDataGrowth } from "./database-growth.ts";
import { diskAndInodes } from "./disk-and-inodes.ts";
import { failureStreak, snapshotRun } from "./failure-streak.ts";
import { DURATION_KIND, SEVERITY_ORDER, earliest, type Finding } from "./finding.ts";
import type { FindingsInput, HistoryRun } from "./findings-input.ts";
import { formatDuration } from "./format.ts";
import { hostReachability } from "./host-reachability.ts";
import { httpFeeds } from "./http-feeds.ts";
import { memory } from "./memory.ts";
import { postgres } from "./postgres.ts";
import { prometheus } from "./prometheus.ts";
import { buildRuleContext, indexSeries, type Draft, type FindingRule, type RuleContext } from "./rule-context.ts";
import { unitsAndContainers } from "./units-and-containers.ts";
import { watchItems } from "./watch-items.ts";

/** Observation families, in the order a reader of the entry wants them when two say the same thing. */
const FAMILIES: readonly FindingRule[] = [hostReachability, prometheus, postgres, diskAndInodes, memory, unitsAndContainers, httpFeeds, customChecks];

function observe(ctx: RuleContext): Draft[] {
  return attributeDataGrowth(
    FAMILIES.flatMap((rule) => rule(ctx)),
    ctx,
  );
}

/**
 * Every finding of a round: the rules over today's observations, with how long each failure has
 * lasted (from the history), the playbook that remedies it, and the judgement about what not to do.
 * Pure: the same input gives the same findings, most severe first.
 */
export function findAll(input: FindingsInput): Finding[] {
  const { now, config } = input;
  const nowIso = now.toISOString();
  const runs = [...input.history.runs].filter((r) => Date.parse(r.at) < now.getTime()).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const index = indexSeries([...runs.map((r) => r.observations), input.observations]);
  const ctx = buildRuleContext(now, input.observations, index, config);
  const observed = observe(ctx);
  const present = new Set(observed.map((d) => d.fingerprint));
  const drafts = [...observed, ...changeHolding(input.watchItems), ...watchItems(input.watchItems, present, config.guardrails.reverifyDays, now)];

  // Earlier runs are judged by today's rules, each with the history it had then, so a fingerprint
  // means the same on both sides (a restart loop, an exporter that was up once, a growing disk).
  const fingerprintsOf = (run: HistoryRun) => observe(buildRuleContext(new Date(run.at), run.observations, index, config)).map((d) => d.fingerprint);
  const snapshots = runs.map((run) => snapshotRun(run, fingerprintsOf));

  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const draft of drafts) {
    if (seen.has(draft.fingerprint)) continue;
    seen.add(draft.fingerprint);
    const { params: _params, ...finding } = draft;
    const streak = failureStreak(draft.fingerprint, draft.host, snapshots, nowIso);
    const since = earliest([finding.since, streak.since])!;
    const remedy = attachRemedy(draft, config);
    findings.push(judge(withDuration({ ...finding, since, detectedAt: streak.detectedAt, ...(remedy ? { remedy } : {}) }, now, streak.lastOk), config));
  }
  return findings.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.fingerprint.localeCompare(b.fingerprint));
}

/** Trends and watch items have an age, not an outage duration: "failing for 4 days" would misread them. */
const NOT_FAILURES = new Set(["disk-growth", "database-growth", "watch-item-open"]);

/**
 * How long it has lasted, as evidence with the number apart, once it is more than a passing moment.
 * Never in the title: a backlog item keeps the title it was filed with, and "(for 41 h)" would read
 * wrong on day five. The ledger appends the line at milestones (isDurationMilestone).
 */
function withDuration(finding: Finding, now: Date, lastOk: string | undefined): Finding {
  const lasted = now.getTime() - Date.parse(finding.since ?? now.toISOString());
  if (lasted < 3_600_000 || NOT_FAILURES.has(finding.kind)) return finding;
  const bound = lastOk ? `; last seen fine ${lastOk}` : "";
  return {
    ...finding,
    evidence: [
      ...finding.evidence,
      {
        kind: DURATION_KIND,
        text: `failing for ${formatDuration(lasted)}, since ${finding.since}${bound}`,
        value: Math.round(lasted / 360_000) / 10,
        unit: "h",
      },
    ],
  };
}
