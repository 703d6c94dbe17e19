import type { WatchCheck } from "../../core/findings/findings-input.ts";
import type { WatchEntry } from "../../core/review/watch-entry.ts";
import type { ChangePorts } from "../../executor/change-ports.ts";
import { runStep } from "../../executor/run-step.ts";

/** Re-runs each watched change's verify steps on its host; a host that cannot be reached fails the check. */
export async function checkWatch(entries: WatchEntry[], portsFor: (host: string) => Promise<ChangePorts>, now: () => Date): Promise<Map<string, WatchCheck>> {
  const checks = new Map<string, WatchCheck>();
  for (const entry of entries) {
    const steps: WatchCheck["steps"] = [];
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
