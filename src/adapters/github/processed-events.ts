import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ProcessedEvents } from "../../handlers/handler-deps.ts";
import type { OpsRepo } from "../ops-repo.ts";

export const EVENTS_FILE = "state/github-events.json";
/** Old keys are forgotten past this many; GitHub redelivers within hours, not thousands of events later. */
const KEEP = 2000;

type SeenEvents = Record<string, { outcome: string; at: string }>;

/** Handled webhook keys (`delivery:…`, `comment:…`, `pr-closed:…`) in the ops repo's state/, in git like all the bot's memory. */
export class OpsRepoProcessedEvents implements ProcessedEvents {
  constructor(private readonly repo: OpsRepo) {}

  async find(keys: string[]): Promise<string | undefined> {
    await this.repo.sync();
    const seen = await load(this.repo.dir);
    return keys.map((k) => seen[k]?.outcome).find((o) => o !== undefined);
  }

  async record(keys: string[], outcome: string, at: Date): Promise<void> {
    await this.repo.update(`Record handled GitHub event ${keys.join(", ")}`, async (dir) => {
      const seen = await load(dir);
      const fresh = keys.filter((k) => !(k in seen));
      if (fresh.length === 0) return [];
      for (const key of fresh) seen[key] = { outcome, at: at.toISOString() };
      const kept = Object.fromEntries(Object.entries(seen).slice(-KEEP));
      await mkdir(dirname(join(dir, EVENTS_FILE)), { recursive: true });
      await writeFile(join(dir, EVENTS_FILE), `${JSON.stringify(kept, null, 1)}\n`);
      return [EVENTS_FILE];
    });
  }
}

async function load(dir: string): Promise<SeenEvents> {
  const text = await readFile(join(dir, EVENTS_FILE), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "{}";
    throw error;
  });
  return JSON.parse(text) as SeenEvents;
}
