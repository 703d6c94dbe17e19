import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigurationError } from "../../errors.ts";

/** A phased attended change stopped at a gate, waiting for `/continue` (kept in `state/phases/`). */
export interface PhaseState {
  backlogId: string;
  pr: number;
  prUrl: string;
  mergeCommit: string;
  approvalHash: string;
  merger: string;
  /** Index of the next phase to run. */
  next: number;
  total: number;
}

export const phasePath = (backlogId: string) => `state/phases/${backlogId}.json`;

export async function readPhaseState(dir: string, backlogId: string): Promise<PhaseState | undefined> {
  const text = await readFile(join(dir, phasePath(backlogId)), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as PhaseState;
  } catch {
    throw new ConfigurationError([{ file: phasePath(backlogId), path: "", message: "is not valid JSON; restore it from git history" }]);
  }
}
