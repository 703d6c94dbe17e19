import { requireOpsConfig, workingTree } from "../config/load-ops-config.ts";
import { loadParsers } from "../adapters/parsers.ts";
import { clip } from "../core/policy/class-rules.ts";
import { classify, decide } from "../core/policy/decide.ts";
import type { Action, Approval, PolicyContext } from "../core/policy/decision.ts";
import { UsageError } from "../errors.ts";
import { EXIT, type JobIO } from "../runner.ts";
import { readKillSwitch } from "./policy-context.ts";

const MARK = { allow: "✓", escalate: "↑", deny: "✗" } as const;

export interface ExplainOptions {
  playbook: string;
  host: string;
  ops: string;
  at: Date;
  param: string[];
  attended?: string;
}

/** `rounds explain`: the policy decision for one playbook on one host, with every reason. Exit 0 only on allow. */
export async function explainJob(options: ExplainOptions, io: Pick<JobIO, "print" | "env">): Promise<number> {
  const config = await requireOpsConfig(workingTree(options.ops));
  const params = Object.fromEntries(
    options.param.map((pair) => {
      const at = pair.indexOf("=");
      if (at < 1) throw new UsageError(`--param expects name=value, got "${pair}"`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
  const action: Action = { playbook: options.playbook, host: options.host, params, mode: options.attended ? "attended" : "unattended", source: "human" };
  const context: PolicyContext = {
    config,
    parsers: await loadParsers(),
    now: options.at,
    cadence: "daily",
    changesToday: 0,
    locks: [],
    killSwitch: await readKillSwitch(options.ops, config, io.env),
    approval: options.attended ? parseApproval(options.attended) : undefined,
  };
  const decision = decide(action, context);
  io.print(`${options.playbook} on ${options.host} (${action.mode}) at ${options.at.toISOString()}`);
  io.print(`verdict: ${decision.verdict}`);
  for (const reason of decision.reasons) io.print(`  ${MARK[reason.verdict]} ${reason.rule}: ${reason.detail}`);
  // The commands it judged, each with what the classifier found in it and the rule that said so.
  const subject = classify(action, context);
  if (!("verdict" in subject)) {
    io.print("commands:");
    subject.steps.forEach((step, i) => {
      io.print(`  ${subject.where[i]}: ${step}`);
      for (const e of subject.perStep[i] ?? [])
        io.print(`    ${e.effect} — ${e.rule}: ${e.detail}${e.command !== step && !step.endsWith(e.command) ? ` [${clip(e.command)}]` : ""}`);
    });
  }
  return decision.verdict === "allow" ? EXIT.ok : EXIT.refused;
}

/** `--attended 42:abc123` — explain as if PR #42 had been merged at abc123 (same hash both sides). */
function parseApproval(value: string): Approval {
  const match = /^#?(\d+):([0-9a-f]{7,40})$/.exec(value);
  if (!match) throw new UsageError(`--attended expects PR:COMMIT (e.g. 42:3f9c2ab), got "${value}"`);
  return { pr: Number(match[1]), mergeCommit: match[2]!, approvedHash: "explain", currentHash: "explain" };
}
