import { access } from "node:fs/promises";
import { join } from "node:path";
import type { OpsConfig } from "../config/ops-config.ts";
import type { PolicyContext } from "../core/policy/decision.ts";

/** Whether either kill switch is engaged: the file at the ops repo's root, or the environment variable. */
export async function readKillSwitch(opsDir: string, config: OpsConfig, env: NodeJS.ProcessEnv): Promise<PolicyContext["killSwitch"]> {
  const { file, env: variable } = config.guardrails.killSwitch;
  if (env[variable]) return { engaged: true, reason: `${variable} is set in the environment` };
  const present = await access(join(opsDir, file)).then(() => true, () => false);
  return present ? { engaged: true, reason: `${file} exists at the ops repo's root` } : { engaged: false };
}
