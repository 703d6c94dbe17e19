import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  appendEvidence,
  decide,
  type DayEntry,
  ensureIdea,
  ensureItem,
  graduate,
  parseBacklog,
  parseIdeas,
  rank,
  setStatus,
  updateItem,
  upsertDayEntry,
} from "../../src/core/ledger/index.ts";

// Fixture folders: input.md, the edit below (by folder name), output.md. `UPDATE=1` rewrites
// output.md; review the diff before committing it. A "-noop" fixture must also equal its input.

const FIXTURES = new URL("../fixtures/ledger/", import.meta.url).pathname;
const FACTOR = 1.5;

const alertRulesDay: DayEntry = {
  date: "2026-11-25",
  kind: "change-applied",
  result: "Added the minimal alert ruleset on mon01 (promtool-validated, hot-reloaded).",
  changes: [
    {
      mode: "unattended",
      what: "Minimal alert ruleset on mon01",
      why: "Prometheus evaluated zero alert rules",
      playbook: "prometheus-alert-rules",
      host: "mon01",
      snapshot: "/var/backups/rounds/2026-11-25/rules.yml",
      rollbackCommand: "cp /var/backups/rounds/2026-11-25/rules.yml /etc/prometheus/rules.yml && curl -X POST http://127.0.0.1:9090/-/reload",
      verification: ["promtool check rules: SUCCESS, 4 rules", "rules loaded: 4 (was 0)"],
      pr: "https://github.com/acme/ops/pull/16",
    },
  ],
  hosts: [
    { host: "mon01", checks: 9, result: "pass" },
    { host: "db01", checks: 12, result: "warn", notes: "root disk 69 % | growing" },
  ],
  watchItems: [{ id: "W-0007", description: "postgres_exporter pg_up", status: "closed", detail: "pg_up=1 for 3 days" }],
  escalations: [{ id: "B-0005", title: "Reddit feeds answer 403", reason: "server-side rejection; a restart would not help" }],
  trends: [{ subject: "db01 /", metric: "used", yesterday: "68 %", today: "69 %", weekAgo: "64 %" }],
  overhead: { durationMs: 41_200, commands: 187, bytesIn: 2_345_678, bytesOut: 41_000 },
};

const edits: Record<string, (input: string) => string> = {
  "backlog-hand-written-noop": (input) => {
    let doc = parseBacklog(input);
    doc = ensureItem(doc, {
      fingerprint: "alert-paging",
      title: "Another wording",
      priority: "P2",
      date: "2026-10-05",
      evidence: [{ date: "2026-10-05", kind: "outage-unnoticed", value: 31, unit: "h", text: "exhibit A" }],
    }).doc;
    doc = appendEvidence(doc, "B-0001", { date: "2026-09-30", kind: "disk-used", value: 68, unit: "%", text: "crossed 68 %" }).doc;
    doc = setStatus(doc, "B-0003", "in-progress", "2026-11-01").doc;
    doc = setStatus(doc, "B-0002", "done", "2026-11-01").doc;
    doc = updateItem(doc, "B-0001", {
      priority: "P3",
      options: [
        { title: "Compress", tradeoffs: "keep all history; attended window" },
        { title: "Prune", tradeoffs: "loses history" },
      ],
    }).doc;
    return rank(doc, ["B-0003"]).doc.text;
  },
  "backlog-hand-written-edits": (input) => {
    let doc = parseBacklog(input);
    doc = appendEvidence(doc, "B-0003", {
      date: "2026-11-25",
      text: "a 6 h outage of collect02 went unnoticed",
      kind: "outage-unnoticed",
      value: 6,
      unit: "h",
    }).doc;
    doc = ensureItem(doc, {
      fingerprint: "http-403:collect03",
      title: "Reddit feeds answer 403",
      priority: "P2",
      date: "2026-11-25",
      reason: "server-side rejection; a restart would not help, API credentials are the operator's call",
      evidence: [{ date: "2026-11-25", kind: "http-403", text: "all five feeds answered 403 for 31 h" }],
    }).doc;
    doc = setStatus(doc, "B-0003", "done", "2026-11-26", { note: "paging wired", link: { label: "PR #14", url: "https://github.com/acme/ops/pull/14" } }).doc;
    doc = setStatus(doc, "B-0001", "awaiting-approval", "2026-11-26", { link: { label: "PR #15", url: "https://github.com/acme/ops/pull/15" } }).doc;
    return updateItem(doc, "B-0001", { priority: "P2", reason: "compression is a data change: attended only" }).doc.text;
  },
  "backlog-rank": (input) => rank(parseBacklog(input), ["B-0001", "B-0003"]).doc.text,
  "ideas-hand-written-noop": (input) => {
    let doc = parseIdeas(input);
    doc = ensureIdea(
      doc,
      {
        fingerprint: "collectors-queue",
        title: "Queue again",
        date: "2026-11-25",
        evidence: [{ date: "2026-11-25", kind: "ingest-lag", value: 50, unit: "s", text: "lag a bit higher" }],
      },
      FACTOR,
    ).doc;
    doc = ensureIdea(doc, { fingerprint: "compression-dashboard", title: "x", date: "2026-10-12", evidence: [] }, FACTOR).doc;
    doc = decide(doc, "I-0001", "accepted", "@sam", "2026-10-06", "again").doc;
    return graduate(doc, "I-0001", "B-0004").doc.text;
  },
  "ideas-edits": (input) => {
    let doc = parseIdeas(input);
    doc = ensureIdea(
      doc,
      {
        fingerprint: "collectors-queue",
        title: "Queue again",
        date: "2026-11-25",
        by: "research",
        evidence: [{ date: "2026-11-25", kind: "ingest-lag", value: 95, unit: "s", text: "collectors now wait 95 s during compression" }],
      },
      FACTOR,
    ).doc;
    doc = decide(doc, "I-0003", "rejected", "@alice", "2026-11-25", "Grafana already shows it").doc;
    doc = ensureIdea(
      doc,
      {
        fingerprint: "wal-archiving:db01",
        title: "Archive WAL to nas01",
        date: "2026-11-25",
        by: "research",
        evidence: [{ date: "2026-11-25", kind: "backup-age", value: 7, unit: "d", text: "the newest base backup is 7 days old" }],
      },
      FACTOR,
    ).doc;
    return decide(doc, "I-0004", "accepted", "@alice", "2026-11-26", "cheap and reversible").doc.text;
  },
  "changelog-prepend": (input) => upsertDayEntry(input, alertRulesDay),
  // A re-run the same day replaces the entry, carrying the applied change over.
  "changelog-same-day-rerun": (input) =>
    upsertDayEntry(input, {
      ...alertRulesDay,
      held: [{ what: "restart-stateless-container on db01", reason: "busy period: timescaledb compression policy" }],
      overhead: { durationMs: 12_000, commands: 64, bytesIn: 345_678, bytesOut: 9_000 },
    }),
};

describe("ledger fixtures", () => {
  for (const name of readdirSync(FIXTURES).sort()) {
    it(name, () => {
      const edit = edits[name];
      expect(edit, `no edit defined for fixture ${name}`).toBeDefined();
      const inputFile = join(FIXTURES, name, "input.md");
      const outputFile = join(FIXTURES, name, "output.md");
      const input = readFileSync(inputFile, "utf8");
      const output = edit!(input);
      if (process.env.UPDATE === "1") writeFileSync(outputFile, output);
      expect(existsSync(outputFile), `${outputFile} is missing: run with UPDATE=1 and review it`).toBe(true);
      expect(output).toBe(readFileSync(outputFile, "utf8"));
      if (name.endsWith("-noop")) expect(output).toBe(input);
    });
  }

  it("has an edit for every fixture folder and a folder for every edit", () => {
    expect(Object.keys(edits).sort()).toEqual(readdirSync(FIXTURES).sort());
  });
});
