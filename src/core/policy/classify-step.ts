import type { Playbook, Step } from "../../config/schemas/playbook.ts";
import type { Effect } from "./effects.ts";
import type { Parsers } from "./parsers.ts";
import { classifyShell } from "./shell/classify-shell.ts";
import { checkRead, checkWrite } from "./shell/paths.ts";
import type { ShellEnv } from "./shell/shell-context.ts";
import { checkMonitoringRoles, classifySql } from "./sql/classify-sql.ts";
import { hostOf, isLoopback } from "./shell/commands/network.ts";

/** What the classifier needs to know about the host a playbook runs on. */
export interface StepHost {
  isStateless(service: string): boolean;
  known(service: string): boolean;
  processFor(pidFile: string): string | undefined;
}

/**
 * Classifies every rendered step of one playbook on one host: shell through the shell parser,
 * SQL through PostgreSQL's parser, files against the declared paths. One classifier for
 * `rounds check`, `rounds explain` and the policy engine (DESIGN invariant 11).
 */
export function classifySteps(steps: Step[], playbook: Pick<Playbook, "paths">, snapshotDir: string, host: StepHost, parsers: Parsers): Effect[][] {
  const env: Omit<ShellEnv, "shell"> = {
    writable: [...playbook.paths, snapshotDir],
    isStateless: (s) => host.isStateless(s),
    known: (s) => host.known(s),
    processFor: (p) => host.processFor(p),
    sql: (text) => classifySql(text, parsers),
  };
  const perStep = steps.map((step) => classifyStep(step, env, parsers));
  // The monitoring-role rule spans steps: a grant or drop is allowed only for a role the playbook creates.
  const checked = checkMonitoringRoles(perStep.flat());
  let i = 0;
  return perStep.map((effects) => effects.map(() => checked[i++]!));
}

function classifyStep(step: Step, env: Omit<ShellEnv, "shell">, parsers: Parsers): Effect[] {
  const command = describe(step);
  if ("ssh" in step) return classifyShell(step.ssh, env, parsers);
  if ("sql" in step) return classifySql(step.sql, parsers);
  if ("write" in step) {
    const verdict = checkWrite(step.write.path, env.writable);
    return [
      verdict.ok
        ? { effect: "write", rule: "write step", detail: `writes ${step.write.path}`, command }
        : { effect: verdict.effect, rule: "write step", detail: verdict.why, command },
    ];
  }
  if ("backup" in step) {
    // The executor copies it with cp -a: a directory is copied whole.
    const verdict = checkRead(step.backup, { recursive: true });
    return [
      verdict.ok
        ? { effect: "read", rule: "backup step", detail: `copies ${step.backup} into the snapshot`, command }
        : { effect: verdict.effect, rule: "backup step", detail: verdict.why, command },
    ];
  }
  if ("prometheus" in step) return [{ effect: "read", rule: "prometheus step", detail: "queries Prometheus", command }];
  const host = (() => {
    try {
      return new URL(step.http.url).hostname;
    } catch {
      return hostOf(step.http.url);
    }
  })();
  // A GET to another machine may still act there (…/restart): another machine is a remote effect.
  return [
    {
      effect: isLoopback(host) ? "local-http" : "remote",
      rule: "http step",
      detail: `GET ${step.http.url}`,
      command,
      ...(isLoopback(host) ? {} : { reaches: host }),
    },
  ];
}

function describe(step: Step): string {
  if ("ssh" in step) return step.ssh;
  if ("sql" in step) return step.sql;
  if ("write" in step) return `write ${step.write.path}`;
  if ("backup" in step) return `backup ${step.backup}`;
  if ("prometheus" in step) return step.prometheus.query;
  return step.http.url;
}
