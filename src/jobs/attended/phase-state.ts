import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { ifMissing } from "../../adapters/if-missing.ts";
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
  /** Set while the change is held by its schedule (outside the attended window, a lock, a busy period, the kill switch). */
  held?: string;
}

export const phasePath = (backlogId: string) => `state/phases/${backlogId}.json`;

/** The approved changes held by their schedule: the next review inside their window runs them. */
export async function heldChanges(dir: string): Promise<PhaseState[]> {
  const names = await readdir(join(dir, "state/phases")).catch(ifMissing<string[]>([]));
  const states = await Promise.all(names.filter((n) => n.endsWith(".json")).map((n) => readPhaseState(dir, n.slice(0, -5))));
  return states.filter((s): s is PhaseState => s?.held !== undefined);
}

export async function readPhaseState(dir: string, backlogId: string): Promise<PhaseState | undefined> {
  const text = await readFile(join(dir, phasePath(backlogId)), "utf8").catch(ifMissing(undefined));
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as PhaseState;
  } catch {
    throw new ConfigurationError([{ file: phasePath(backlogId), path: "", message: "is not valid JSON; restore it from git history" }]);
  }
}
