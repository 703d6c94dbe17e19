import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { ifMissing } from "../../adapters/if-missing.ts";
import { parseChangeRequest } from "../../core/escalation/change-request.ts";
import { OPEN_STATUSES, type BacklogDoc } from "../../core/ledger/index.ts";
import type { Lock } from "../../core/policy/decision.ts";
import { ConfigurationError } from "../../errors.ts";

const HOLDS_FILE = "state/holds.json";

interface Hold {
  item: string;
  host?: string;
  by: string;
  ref: string;
}

/**
 * Everything that holds a target against unattended changes, read fresh each run and failing closed:
 * approved attended changes not yet done (`changes/B-NNNN.yml` whose item is still open) and `/hold`s.
 * An unreadable lock file is an error, never "no locks".
 */
export async function readLocks(dir: string, backlog: BacklogDoc): Promise<Lock[]> {
  const locks: Lock[] = [];
  const open = (id: string) => backlog.items.find((i) => i.id === id && OPEN_STATUSES.includes(i.status));
  for (const name of (await readdir(join(dir, "changes")).catch(ifMissing<string[]>([]))).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const file = `changes/${name}`;
    const { value, issues } = parseChangeRequest(file, await readFile(join(dir, file), "utf8"));
    if (!value) throw new ConfigurationError(issues);
    if (open(value.backlogId))
      locks.push({ host: value.host, reason: `approved attended change ${value.backlogId} (${value.playbook}) is not done yet`, ref: value.backlogId });
  }
  const text = await readFile(join(dir, HOLDS_FILE), "utf8").catch(ifMissing(undefined));
  if (text !== undefined) {
    let holds: unknown;
    try {
      holds = JSON.parse(text);
    } catch {
      holds = undefined;
    }
    if (!Array.isArray(holds))
      throw new ConfigurationError([
        {
          file: HOLDS_FILE,
          path: "",
          message: "is not a JSON list of holds; fix it by hand (or restore it from git history): until then no unattended change is made",
        },
      ]);
    holds.forEach((entry: unknown, i) => {
      if (!isHold(entry))
        throw new ConfigurationError([
          {
            file: HOLDS_FILE,
            path: `[${i}]`,
            message:
              "is not a hold ({ item, by, ref, host? }, strings); fix it by hand (or restore it from git history): until then no unattended change is made",
          },
        ]);
      // A hold on an item holds the host its fingerprint names (`kind:host:subject`).
      const host = entry.host ?? backlog.items.find((item) => item.id === entry.item)?.fingerprint.split(":")[1];
      if (!host)
        throw new ConfigurationError([
          { file: HOLDS_FILE, path: `[${i}]`, message: `holds ${entry.item}, which names no host Rounds can find: add its host to the hold, or release it` },
        ]);
      locks.push({ host, reason: `${entry.item} held by ${entry.by}`, ref: entry.ref });
    });
  }
  return locks;
}

function isHold(value: unknown): value is Hold {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.item === "string" && typeof v.by === "string" && typeof v.ref === "string" && (v.host === undefined || typeof v.host === "string");
}
