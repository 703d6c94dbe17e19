import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderChangeRequest } from "../../src/core/escalation/change-request.ts";
import { ensureItem, parseBacklog, setStatus } from "../../src/core/ledger/index.ts";
import { readLocks } from "../../src/jobs/review/open-locks.ts";
import { ConfigurationError } from "../../src/errors.ts";
import { TEMPLATE } from "../support/template.ts";

async function opsWith(status: "open" | "done", holds?: string) {
  const dir = await mkdtemp(join(tmpdir(), "rounds-locks-"));
  await mkdir(join(dir, "changes"), { recursive: true });
  await mkdir(join(dir, "state"), { recursive: true });
  await writeFile(
    join(dir, "changes/B-0001.yml"),
    renderChangeRequest({ backlogId: "B-0001", playbook: "timescaledb-compression", host: "db01", params: { table: "ticks", segment_by: "symbol" } }),
  );
  if (holds !== undefined) await writeFile(join(dir, "state/holds.json"), holds);
  let backlog = ensureItem(parseBacklog(await readFile(join(TEMPLATE, "BACKLOG.md"), "utf8")), {
    fingerprint: "database-growth:db01:market.ticks",
    title: "ticks grows",
    priority: "P2",
    date: "2026-11-20",
  }).doc;
  backlog = ensureItem(backlog, { fingerprint: "container-down:agent01:ollama", title: "ollama", priority: "P3", date: "2026-11-20" }).doc;
  if (status === "done") backlog = setStatus(backlog, "B-0001", "done", "2026-11-22").doc;
  return { dir, backlog };
}

describe("readLocks: what holds a target, read fresh every run", () => {
  it("an approved attended change not yet done locks its host; a done one does not", async () => {
    const open = await opsWith("open");
    expect(await readLocks(open.dir, open.backlog)).toEqual([
      { host: "db01", reason: "approved attended change B-0001 (timescaledb-compression) is not done yet", ref: "B-0001" },
    ]);
    const done = await opsWith("done");
    expect(await readLocks(done.dir, done.backlog)).toEqual([]);
  });

  it("a /hold on an item locks the host its fingerprint names, or the host the hold gives", async () => {
    const { dir, backlog } = await opsWith(
      "done",
      JSON.stringify([
        { item: "B-0002", by: "@alice", ref: "#9", since: "2026-11-23" },
        { item: "B-0001", host: "db01", by: "@bob", ref: "#10", since: "2026-11-23" },
      ]),
    );
    expect(await readLocks(dir, backlog)).toEqual([
      { host: "agent01", reason: "B-0002 held by @alice", ref: "#9" },
      { host: "db01", reason: "B-0001 held by @bob", ref: "#10" },
    ]);
  });

  it("fails closed: a holds file it cannot read stops unattended changes with a message naming it", async () => {
    const { dir, backlog } = await opsWith("done", "{ not json");
    await expect(readLocks(dir, backlog)).rejects.toThrow(ConfigurationError);
    await expect(readLocks(dir, backlog)).rejects.toThrow(/state\/holds\.json: is not a JSON list of holds/);
  });
});
