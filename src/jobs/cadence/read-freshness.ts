import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { historyStore } from "../../adapters/history-store.ts";
import type { OpsConfig } from "../../config/ops-config.ts";
import { CHANGELOG_FILE, parseChangelog } from "../../core/ledger/index.ts";
import { freshness, type Freshness } from "../../core/review/freshness.ts";

/** The dead man's switch as of `now`: the CHANGELOG's newest daily entry, timed by its reviewed history record. */
export async function readFreshness(dir: string, config: OpsConfig, now: Date): Promise<Freshness> {
  const changelog = await readFile(join(dir, CHANGELOG_FILE), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  const { records } = await historyStore(dir).read();
  const reviewedAt = new Map(records.filter((r) => r.reviewed).map((r) => [r.day, r.at]));
  return freshness({
    days: parseChangelog(changelog).days,
    reviewedAt,
    now,
    limitHours: config.guardrails.freshnessHours,
    timeZone: config.guardrails.timezone,
  });
}
