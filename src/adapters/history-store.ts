import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DAY, historyRecordSchema, replacesRecord, type HistoryRecord } from "../core/history/history-record.ts";
import { DEFAULT_RETENTION, planRetention, type RetentionRule } from "../core/history/retention.ts";

/** Where the history lives in the ops repo: one file per day, `YYYY-MM-DD.json`. */
export const HISTORY_DIR = "state/observations";

/** A history file that could not be read back; it is left in place for a human, never deleted. */
export interface UnreadableRecord {
  file: string;
  message: string;
}

export interface HistoryStore {
  /** Writes the day's record unless the day already holds a reviewed one and this one is not. */
  ensureRecord(record: HistoryRecord): Promise<{ file: string; written: boolean }>;
  /** Every readable record, oldest first, with the files that could not be read. */
  read(options?: { fromDay?: string }): Promise<{ records: HistoryRecord[]; unreadable: UnreadableRecord[] }>;
  /** Deletes the files the retention rule no longer keeps; returns their paths. */
  prune(today: string, rule?: RetentionRule): Promise<string[]>;
}

/** The history in an ops repo's working tree; committing it is the caller's job (with the ledger). */
export function historyStore(opsDir: string): HistoryStore {
  const dir = join(opsDir, HISTORY_DIR);
  const fileOf = (day: string) => `${HISTORY_DIR}/${day}.json`;
  const days = async () =>
    (
      await readdir(dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return [];
        throw error;
      })
    )
      .map((f) => /^(\d{4}-\d{2}-\d{2})\.json$/.exec(f)?.[1])
      .filter((d): d is string => d !== undefined)
      .sort();

  async function readDay(day: string): Promise<HistoryRecord | UnreadableRecord> {
    const file = fileOf(day);
    let value: unknown;
    try {
      value = JSON.parse(await readFile(join(opsDir, file), "utf8"));
    } catch (error) {
      return { file, message: `not readable as JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
    const parsed = historyRecordSchema.safeParse(value);
    if (!parsed.success) return { file, message: parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ") };
    if (parsed.data.day !== day) return { file, message: `day: "${parsed.data.day}" does not match the file name` };
    // The envelope is checked; each observation's facts are trusted as compactRun wrote them.
    return parsed.data as unknown as HistoryRecord;
  }

  return {
    async ensureRecord(record) {
      if (!DAY.test(record.day)) throw new Error(`history record day "${record.day}" is not YYYY-MM-DD`);
      const file = fileOf(record.day);
      const existing = await readDay(record.day).catch(() => undefined);
      const current = existing && "version" in existing ? existing : undefined;
      if (!replacesRecord(current, record)) return { file, written: false };
      await mkdir(dir, { recursive: true });
      // Write then rename, so a crash mid-write never leaves a half file as the day's record.
      const temp = join(dir, `.${record.day}.json.tmp`);
      await writeFile(temp, `${JSON.stringify(record)}\n`);
      await rename(temp, join(opsDir, file));
      return { file, written: true };
    },

    async read(options = {}) {
      const records: HistoryRecord[] = [];
      const unreadable: UnreadableRecord[] = [];
      for (const day of await days()) {
        if (options.fromDay && day < options.fromDay) continue;
        const result = await readDay(day);
        if ("version" in result) records.push(result);
        else unreadable.push(result);
      }
      return { records, unreadable };
    },

    async prune(today, rule = DEFAULT_RETENTION) {
      const { prune } = planRetention(await days(), today, rule);
      for (const day of prune) await rm(join(opsDir, fileOf(day)));
      return prune.map(fileOf);
    },
  };
}
