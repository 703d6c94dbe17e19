import type { RankMemory } from "../../core/deep-dive/rerank.ts";
import { ConfigurationError } from "../../errors.ts";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** What the last re-rank proposed: how the next one tells a person's order from its own. */
export const RANK_FILE = "state/rank.json";

export async function readRankMemory(dir: string): Promise<RankMemory | undefined> {
  const text = await readFile(join(dir, RANK_FILE), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as RankMemory;
    if (Array.isArray(value.base) && Array.isArray(value.proposed) && typeof value.evidence === "object") return value;
  } catch {
    // fall through to the refusal below
  }
  throw new ConfigurationError([
    {
      file: RANK_FILE,
      path: "",
      message: "does not hold the last re-rank (base, proposed, evidence); restore it from git history, or delete it to re-rank from scratch",
    },
  ]);
}
