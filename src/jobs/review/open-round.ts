import { OpsRepo } from "../../adapters/ops-repo.ts";
import { requireOpsConfig, workingTree } from "../../config/load-ops-config.ts";
import type { OpsConfig } from "../../config/ops-config.ts";
import { localTime } from "../../core/policy/clock.ts";
import type { PolicyContext } from "../../core/policy/decision.ts";
import type { Freshness } from "../../core/review/freshness.ts";
import type { JobIO } from "../../runner.ts";
import { readFreshness } from "../cadence/read-freshness.ts";
import { readKillSwitch } from "../policy-context.ts";
import { readLedgers, type Ledgers } from "./read-ledgers.ts";

/** What every cadence starts from. */
export interface Round {
  repo: OpsRepo;
  config: OpsConfig;
  /** YYYY-MM-DD in the guardrails' time zone. */
  day: string;
  ledgers: Ledgers;
  killSwitch: PolicyContext["killSwitch"];
  /** The dead man's switch, read before today's entry exists. */
  fresh: Freshness;
}

/**
 * Step 1 of every cadence: the ops repo on its default branch (never over a person's uncommitted
 * edits), the trust boundary read from it, the ledgers checked (a damaged one stops the run here),
 * the kill switches, and how long it has been since the last review.
 */
export async function openRound(options: { ops: string; now: Date; dryRun: boolean }, io: Pick<JobIO, "env">): Promise<Round> {
  const repo = await OpsRepo.open(options.ops);
  if (!options.dryRun) {
    await repo.ensureClean();
    await repo.sync();
  }
  const config = await requireOpsConfig(workingTree(repo.dir));
  return {
    repo,
    config,
    day: localTime(options.now, config.guardrails.timezone).date,
    ledgers: await readLedgers(repo.dir),
    killSwitch: await readKillSwitch(repo.dir, config, io.env),
    fresh: await readFreshness(repo.dir, config, options.now),
  };
}
