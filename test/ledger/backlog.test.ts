import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  LEDGER_FILES,
  appendEvidence,
  backlogViolations,
  checkLedger,
  ensureItem,
  findItemByFingerprint,
  parseBacklog,
  rank,
  renderBacklogItem,
  setStatus,
  type BacklogDoc,
} from "../../src/core/ledger/index.ts";
import { catchLedgerError } from "./catch-ledger-error.ts";

const TEMPLATE = readFileSync(new URL("../../ops-repo-template/BACKLOG.md", import.meta.url), "utf8");

function botWritten(): BacklogDoc {
  let doc = parseBacklog(TEMPLATE);
  doc = ensureItem(doc, {
    fingerprint: "disk-growth:db01:/",
    title: "db01 root disk grows *fast* | 4.5 GB/day",
    priority: "P3",
    date: "2026-11-20",
    reason: "the growth is data; data_is_behind the guardrail",
    evidence: [{ date: "2026-11-20", kind: "disk-used", value: 68, unit: "%", text: "crossed 68 % — ~2 weeks to 80 %" }],
    options: [{ title: "Compress", tradeoffs: "keeps history" }],
  }).doc;
  doc = ensureItem(doc, { fingerprint: "alert-paging", title: "Wire alert paging", priority: "P1", date: "2026-11-21", note: "filed by the daily review" }).doc;
  doc = ensureItem(doc, { fingerprint: "http-403:collect03", title: "Feeds answer 403", priority: "P2", date: "2026-11-22" }).doc;
  doc = appendEvidence(doc, "B-0002", {
    date: "2026-11-22",
    kind: "outage-unnoticed",
    value: 31,
    unit: "h",
    text: "exhibit A: a 31 h outage went unnoticed",
  }).doc;
  doc = setStatus(doc, "B-0001", "awaiting-approval", "2026-11-23", {
    note: "PR opened",
    link: { label: "PR #12", url: "https://github.com/acme/ops/pull/12" },
  }).doc;
  return setStatus(doc, "B-0003", "dropped", "2026-11-24", { note: "the feed was retired" }).doc;
}

describe("BACKLOG.md", () => {
  it("re-renders every bot-written item byte for byte from its parsed model", () => {
    const doc = botWritten();
    expect(doc.problems).toEqual([]);
    doc.items.forEach((item, i) => {
      const block = doc.structure.items[i]!;
      expect(renderBacklogItem(item)).toBe(doc.text.slice(block.start, block.end).replace(/\n+$/, "\n"));
    });
    expect(doc.items.find((i) => i.id === "B-0001")).toMatchObject({
      title: "db01 root disk grows *fast* | 4.5 GB/day",
      reason: "the growth is data; data_is_behind the guardrail",
      status: "awaiting-approval",
      evidence: [{ date: "2026-11-20", kind: "disk-used", value: 68, unit: "%", text: "crossed 68 % — ~2 weeks to 80 %" }],
      links: [{ label: "PR #12", url: "https://github.com/acme/ops/pull/12" }],
      history: [
        { date: "2026-11-20", status: "open" },
        { date: "2026-11-23", status: "awaiting-approval", note: "PR opened", link: { label: "PR #12", url: "https://github.com/acme/ops/pull/12" } },
      ],
    });
  });

  it("files new items by priority among the open ones, and moves closed ones to Closed", () => {
    const doc = botWritten();
    expect(doc.items.map((i) => [i.id, i.section, i.rank])).toEqual([
      ["B-0002", "Open", 1],
      ["B-0001", "Open", 2],
      ["B-0003", "Closed", undefined],
    ]);
  });

  it("is idempotent: the same edits again change nothing", () => {
    const doc = botWritten();
    const again = ensureItem(doc, {
      fingerprint: "alert-paging",
      title: "other words",
      priority: "P4",
      date: "2026-11-25",
      evidence: [{ date: "2026-11-22", kind: "outage-unnoticed", value: 31, unit: "h", text: "exhibit A: a 31 h outage went unnoticed" }],
    });
    expect(again).toMatchObject({ changed: false, created: false, item: { id: "B-0002" } });
    expect(again.doc.text).toBe(doc.text);
    expect(setStatus(doc, "B-0003", "dropped", "2026-11-25").changed).toBe(false);
    expect(rank(doc, ["B-0002"]).doc.text).toBe(doc.text);
  });

  it("keeps the human's order of open items, and re-ranks only when asked", () => {
    let doc = rank(botWritten(), ["B-0001", "B-0002"]).doc;
    expect(doc.items.filter((i) => i.rank).map((i) => i.id)).toEqual(["B-0001", "B-0002"]);
    // A new P2 goes before the first lower-priority item (B-0001, P3) without moving B-0002 (P1) ahead of it.
    doc = ensureItem(doc, { fingerprint: "new", title: "New", priority: "P2", date: "2026-11-25" }).doc;
    expect(doc.items.filter((i) => i.rank).map((i) => i.id)).toEqual(["B-0004", "B-0001", "B-0002"]);
  });

  it("finds items by fingerprint, preferring an open one, and never reuses an id", () => {
    let doc = botWritten();
    expect(findItemByFingerprint(doc, "http-403:collect03")?.status).toBe("dropped");
    doc = ensureItem(doc, { fingerprint: "x", title: "x", priority: "P4", date: "2026-11-25" }).doc;
    expect(doc.items.map((i) => i.id)).toContain("B-0004");
  });

  it("refuses an unknown id or a bad date with the file named", () => {
    const error = catchLedgerError(() => appendEvidence(botWritten(), "B-0099", { date: "2026-11-25", text: "x" }));
    expect(error.message).toBe("refusing to edit: BACKLOG.md:1: there is no backlog item B-0099");
    expect(catchLedgerError(() => setStatus(botWritten(), "B-0001", "done", "yesterday")).message).toMatch(/"yesterday" is not a YYYY-MM-DD date/);
  });

  it("flags rewritten history, removed evidence and a changed id as violations", () => {
    const before = botWritten();
    const after = parseBacklog(
      before.text
        .replace("2026-11-20 · open\n", "2026-11-19 · open\n")
        .replace(/- 2026-11-22 · outage-unnoticed.*\n/, "")
        .replace("### B-0003", "### B-0007"),
    );
    expect(backlogViolations(before, after).map((v) => `${v.id}: ${v.message}`)).toEqual([
      'B-0002: its evidence of 2026-11-22 ("exhibit A: a 31 h outage went unnoticed") was removed or rewritten; evidence is appended to, never rewritten',
      "B-0001: its status history was rewritten; history is append-only (add a new dated line instead)",
      "B-0003: the backlog item changed its id to B-0007; ids are stable anchors and never change",
    ]);
    expect(backlogViolations(before, botWritten())).toEqual([]);
  });
});

describe("BACKLOG.md items (property)", () => {
  it("round-trips arbitrary text in titles, reasons, evidence, notes and options", () => {
    const line = fc
      .string({ minLength: 1, maxLength: 30, unit: fc.constantFrom(..."ab _*|\\`<>[]()#&—:·=-1.!~$".split("")) })
      .map((s) => s.replace(/\s+/g, " ").trim())
      .filter((s) => s.length > 0);
    fc.assert(
      fc.property(line, line, line, line, (title, reason, text, note) => {
        let doc = ensureItem(parseBacklog(TEMPLATE), {
          fingerprint: "fp",
          title,
          priority: "P2",
          date: "2026-11-25",
          reason,
          note,
          evidence: [
            { date: "2026-11-25", text },
            { date: "2026-11-26", kind: "k", value: 1.5, unit: "GB/day", text: note },
          ],
          options: [{ title: note, tradeoffs: text }],
        }).doc;
        doc = setStatus(doc, "B-0001", "done", "2026-11-26", { note: text, link: { label: title, url: "https://example.com/pr/1" } }).doc;
        expect(doc.problems).toEqual([]);
        const item = doc.items[0]!;
        expect(item).toMatchObject({
          title,
          reason,
          status: "done",
          evidence: [{ text }, { kind: "k", value: 1.5, unit: "GB/day", text: note }],
          options: [{ title: note, tradeoffs: text }],
        });
        expect(item.history.map((h) => h.note)).toEqual([note, text]);
        const block = doc.structure.items[0]!;
        expect(renderBacklogItem(item)).toBe(doc.text.slice(block.start, block.end).replace(/\n+$/, "\n"));
      }),
      { numRuns: 150 },
    );
  });
});

describe("anchors and templates", () => {
  it("finds items by id and fingerprint after a person retitles and reorders them", () => {
    const doc = botWritten();
    const edited = parseBacklog(rank(doc, ["B-0001"]).doc.text.replace("### B-0002 — Wire alert paging", "### B-0002 — Paging: still nobody gets woken up"));
    expect(findItemByFingerprint(edited, "alert-paging")?.id).toBe("B-0002");
    const next = appendEvidence(edited, "B-0002", { date: "2026-11-26", text: "another silent night" }).doc;
    expect(next.items.find((i) => i.id === "B-0002")!.evidence.at(-1)!.text).toBe("another silent night");
    expect(next.items.find((i) => i.id === "B-0001")!.evidence).toHaveLength(1);
  });

  it("accepts the ops-repo template's ledgers as they ship", () => {
    for (const file of LEDGER_FILES) {
      expect(checkLedger(file, readFileSync(new URL(`../../ops-repo-template/${file}`, import.meta.url), "utf8"))).toEqual([]);
    }
  });
});
