import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { ifMissing } from "../../adapters/if-missing.ts";
import { writeFiles } from "../../adapters/write-files.ts";
import type { Intent } from "../../core/change/change-record.ts";
import type { WatchEntry } from "../../core/review/watch-entry.ts";
import { ConfigurationError } from "../../errors.ts";

// The bot's memory in the ops repo's state/: intents (a change in flight) and watch items (changes
// being re-verified). Today's changes are read back from CHANGELOG.md itself.

export const INTENTS_DIR = "state/intents";
export const WATCH_FILE = "state/watch.json";

async function readJson<T>(dir: string, path: string, check: (value: unknown) => boolean, what: string): Promise<T | undefined> {
  const text = await readFile(join(dir, path), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError([
      { file: path, path: "", message: `not valid JSON (${(error as Error).message}); this is ${what}: restore it from git history rather than deleting it` },
    ]);
  }
  if (!check(value))
    throw new ConfigurationError([{ file: path, path: "", message: `does not hold ${what}; restore it from git history rather than deleting it` }]);
  return value as T;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export async function readIntents(dir: string): Promise<Intent[]> {
  // A missing directory holds no intent; an unreadable one must not hide a change in flight.
  const names = (await readdir(join(dir, INTENTS_DIR)).catch(ifMissing<string[]>([]))).filter((n) => n.endsWith(".json")).sort();
  const intents: Intent[] = [];
  for (const name of names) {
    const intent = await readJson<Intent>(
      dir,
      `${INTENTS_DIR}/${name}`,
      (v) => isObject(v) && typeof v.id === "string" && isObject(v.action) && Array.isArray(v.verify) && Array.isArray(v.rollback),
      "a change intent",
    );
    if (intent) intents.push(intent);
  }
  return intents;
}

export const intentPath = (id: string) => `${INTENTS_DIR}/${id}.json`;

export async function readWatch(dir: string): Promise<WatchEntry[]> {
  return (
    (await readJson<WatchEntry[]>(
      dir,
      WATCH_FILE,
      (v) => Array.isArray(v) && v.every((e) => isObject(e) && typeof e.id === "string" && Array.isArray(e.verify)),
      "the watch list",
    )) ?? []
  );
}

/** Writes (or, with `undefined`, removes) a state file; returns the path for the commit. */
export async function writeState(dir: string, path: string, value: unknown): Promise<string> {
  await writeFiles(dir, { [path]: value === undefined ? null : `${JSON.stringify(value, null, 2)}\n` });
  return path;
}
