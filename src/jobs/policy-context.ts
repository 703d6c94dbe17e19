import { lstat } from "node:fs/promises";
import { join } from "node:path";
import type { OpsConfig } from "../config/ops-config.ts";
import type { PolicyContext } from "../core/policy/decision.ts";

/**
 * Whether either kill switch is engaged: the file at the ops repo's root, or the environment variable.
 * Fails closed (DESIGN invariant 12): anything at the path counts — a file, a directory, a fifo, a
 * symbolic link even when it points nowhere — and so does any error but "no such file".
 */
export async function readKillSwitch(opsDir: string, config: OpsConfig, env: NodeJS.ProcessEnv): Promise<PolicyContext["killSwitch"]> {
  const { file, env: variable } = config.guardrails.killSwitch;
  if (env[variable]) return { engaged: true, reason: `${variable} is set in the environment` };
  try {
    const stat = await lstat(join(opsDir, file));
    return {
      engaged: true,
      reason: stat.isFile() ? `${file} exists at the ops repo's root` : `${file} exists at the ops repo's root (${kindOf(stat)}; anything there engages it)`,
    };
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === "ENOENT") return { engaged: false };
    return { engaged: true, reason: `${file} at the ops repo's root cannot be checked (${code ?? message}): the kill switch fails closed` };
  }
}

function kindOf(stat: Awaited<ReturnType<typeof lstat>>): string {
  if (stat.isSymbolicLink()) return "a symbolic link";
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a fifo";
  return "not a regular file";
}
