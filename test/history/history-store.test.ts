import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HISTORY_DIR, historyStore } from "../../src/adapters/history-store.ts";
import { compactRun } from "../../src/core/history/history-record.ts";
import { shiftDay } from "../../src/core/history/lookups.ts";
import type { Observation } from "../../src/core/observations/index.ts";

let ops: string;
beforeEach(async () => {
  ops = await mkdtemp(join(tmpdir(), "rounds-history-"));
});
afterEach(async () => {
  await rm(ops, { recursive: true, force: true });
});

const fault = (day: string, message: string): Observation => ({
  kind: "fault",
  probe: "ssh",
  at: `${day}T06:00:00.000Z`,
  host: "nas01",
  fault: { kind: "unreachable", message },
});
const run = (day: string, message: string, reviewed = true) => compactRun([fault(day, message)], { day, at: `${day}T06:00:00.000Z`, reviewed });

describe("historyStore", () => {
  it("writes one compact JSON file per day and reads it back", async () => {
    const store = historyStore(ops);
    expect(await store.ensureRecord(run("2026-11-25", "first"))).toEqual({ file: `${HISTORY_DIR}/2026-11-25.json`, written: true });
    const text = await readFile(join(ops, HISTORY_DIR, "2026-11-25.json"), "utf8");
    expect(text.split("\n")).toHaveLength(2);
    expect((await store.read()).records).toEqual([run("2026-11-25", "first")]);
  });

  it("a re-run the same day replaces the file; an unreviewed run leaves a reviewed day alone", async () => {
    const store = historyStore(ops);
    await store.ensureRecord(run("2026-11-25", "morning observe", false));
    await store.ensureRecord(run("2026-11-25", "review"));
    expect(await store.ensureRecord(run("2026-11-25", "evening observe", false))).toMatchObject({ written: false });
    const { records } = await store.read();
    expect(records.map((r) => r.observations[0]!.kind === "fault" && r.observations[0]!.fault.message)).toEqual(["review"]);
    expect(await readdir(join(ops, HISTORY_DIR))).toEqual(["2026-11-25.json"]);
  });

  it("names a broken or hand-edited file, leaves it in place and still reads the others", async () => {
    const store = historyStore(ops);
    await store.ensureRecord(run("2026-11-24", "fine"));
    await writeFile(join(ops, HISTORY_DIR, "2026-11-23.json"), "{ truncated");
    await writeFile(join(ops, HISTORY_DIR, "2026-11-22.json"), JSON.stringify({ ...run("2026-11-21", "x") }));
    await writeFile(join(ops, HISTORY_DIR, "notes.txt"), "ignored");
    const { records, unreadable } = await store.read();
    expect(records.map((r) => r.day)).toEqual(["2026-11-24"]);
    expect(unreadable).toEqual([
      { file: `${HISTORY_DIR}/2026-11-22.json`, message: 'day: "2026-11-21" does not match the file name' },
      { file: `${HISTORY_DIR}/2026-11-23.json`, message: expect.stringMatching(/^not readable as JSON/) },
    ]);
    expect((await store.read({ fromDay: "2026-11-24" })).unreadable).toEqual([]);
  });

  it("prunes by the retention rule and keeps monthly points", async () => {
    const store = historyStore(ops);
    await mkdir(join(ops, HISTORY_DIR), { recursive: true });
    for (let i = 0; i < 100; i++) await store.ensureRecord(run(shiftDay("2026-11-25", -i), "x"));
    const pruned = await store.prune("2026-11-25");
    expect(pruned).toEqual(
      ["2026-08-19", "2026-08-20", "2026-08-21", "2026-08-22", "2026-08-23", "2026-08-24", "2026-08-25", "2026-08-26", "2026-08-27"].map(
        (d) => `${HISTORY_DIR}/${d}.json`,
      ),
    );
    expect((await readdir(join(ops, HISTORY_DIR))).length).toBe(91);
    expect(await store.prune("2026-11-25")).toEqual([]);
  });

  it("reads an empty history when state/observations does not exist", async () => {
    expect(await historyStore(ops).read()).toEqual({ records: [], unreadable: [] });
  });
});
