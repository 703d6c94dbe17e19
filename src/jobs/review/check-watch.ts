import type { WatchCheck } from "../../core/findings/findings-input.ts";
import type { WatchEntry } from "../../core/review/watch-entry.ts";
import type { ChangePorts } from "../../executor/change-ports.ts";
import { runStep } from "../../executor/run-step.ts";
import { storedStepsProblem } from "../../executor/stored-steps.ts";
import type { OpsConfig } from "../../config/ops-config.ts";

/** Re-runs each watched change's verify steps on its host; a host that cannot be reached fails the check. */
export async function checkWatch(
  entries: WatchEntry[],
  portsFor: (host: string) => Promise<ChangePorts>,
  now: () => Date,
  config: OpsConfig,
): Promise<Map<string, WatchCheck>> {
  const checks = new Map<string, WatchCheck>();
  for (const entry of entries) {
    const steps: WatchCheck["steps"] = [];
    // state/watch.json is read back from the ops repo: only steps the catalogue renders are run.
    const problem =
      entry.params === undefined
        ? "the entry records no parameters, so its steps cannot be checked against the playbook"
        : storedStepsProblem(config, {
            changeId: entry.id.replace(/^W-/, ""),
            action: { playbook: entry.playbook, host: entry.host, params: entry.params },
            verify: entry.verify,
          });
    if (problem) {
      checks.set(entry.id, { ok: false, at: now().toISOString(), steps: [{ text: `re-verify ${entry.id}`, ok: false, detail: `not run: ${problem}` }] });
      continue;
    }
    try {
      const ports = await portsFor(entry.host);
      for (const step of entry.verify) {
        const outcome = await runStep("verify", step, ports);
        steps.push({ text: outcome.text, ok: outcome.ok, ...(outcome.detail ? { detail: outcome.detail } : {}) });
      }
    } catch (error) {
      steps.push({ text: `reach ${entry.host}`, ok: false, detail: error instanceof Error ? error.message : String(error) });
    }
    checks.set(entry.id, { ok: steps.every((s) => s.ok), at: now().toISOString(), steps });
  }
  return checks;
}
