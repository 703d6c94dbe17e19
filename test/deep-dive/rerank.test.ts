import { describe, expect, it } from "vitest";
import { rankMemory, rerank, scoreItem } from "../../src/core/deep-dive/rerank.ts";
import { ensureItem, appendEvidence, parseBacklog, type BacklogDoc } from "../../src/core/ledger/index.ts";

const EMPTY = "# Backlog\n\n## Open\n\n## Closed\n";

function backlog(): BacklogDoc {
  let doc = parseBacklog(EMPTY);
  doc = ensureItem(doc, { fingerprint: "a", title: "A: P2, old, quiet", priority: "P2", date: "2026-09-01" }).doc;
  doc = ensureItem(doc, { fingerprint: "b", title: "B: P3, recurring", priority: "P3", date: "2026-11-20" }).doc;
  doc = ensureItem(doc, { fingerprint: "c", title: "C: P4, forecast", priority: "P4", date: "2026-11-25" }).doc;
  for (const day of ["21", "22", "23", "24", "25", "26", "27"])
    doc = appendEvidence(doc, "B-0002", { date: `2026-11-${day}`, text: `seen on the ${day}th` }).doc;
  return doc;
}

const TODAY = "2026-11-29";

describe("scoring and re-ranking the open backlog", () => {
  it("scores priority, forecast urgency, age and recurrence, with the reasons in words", () => {
    const [a, b, c] = backlog().items;
    expect(scoreItem(a!, TODAY, undefined)).toEqual({ id: "B-0001", score: 40, why: ["P2 (+30)", "open 12 wk (+10)"] });
    expect(scoreItem(b!, TODAY, undefined).score).toBe(20 + 1 + 14);
    expect(scoreItem(c!, TODAY, 5)).toEqual({ id: "B-0003", score: 40, why: ["P4 (+10)", "threshold in ~5 d (+30)"] });
    expect(scoreItem(c!, TODAY, 45).score).toBe(10);
  });

  it("without a person's order, places every item by score (ties keep the current order)", () => {
    const open = backlog().items;
    const ranked = rerank(open, TODAY, new Map([["c", 5]]), undefined);
    expect(ranked.order).toEqual(["B-0001", "B-0003", "B-0002"]);
    expect(ranked).toMatchObject({ humanOrder: false, changed: true });
    expect(rerank(open, TODAY, new Map(), undefined).order).toEqual(["B-0001", "B-0002", "B-0003"]);
  });

  it("keeps a person's order for items whose evidence did not change, and places only changed ones", () => {
    const doc = backlog();
    const memory = rankMemory(doc.items, ["B-0001", "B-0002", "B-0003"], "2026-11-22");
    // A person puts C first; nothing new since: their order stands exactly.
    const byHand = [doc.items[2]!, doc.items[0]!, doc.items[1]!];
    const kept = rerank(byHand, TODAY, new Map(), memory);
    expect(kept).toMatchObject({ humanOrder: true, changed: false, order: ["B-0003", "B-0001", "B-0002"], placed: [] });
    // B gets new evidence: it alone is placed by score among the anchored items.
    const fresh = appendEvidence(doc, "B-0002", { date: "2026-11-28", text: "again" }).doc.items;
    const moved = rerank([fresh[2]!, fresh[0]!, fresh[1]!], TODAY, new Map(), memory);
    expect(moved.placed).toEqual(["B-0002"]);
    // B (37) outranks C (10), so it goes before it; A (40) stays behind C, where the person put it.
    expect(moved.order).toEqual(["B-0002", "B-0003", "B-0001"]);
  });

  it("treats the order it proposed (a merged re-rank) and the order it found as its own", () => {
    const doc = backlog();
    const memory = rankMemory(doc.items, ["B-0002", "B-0001", "B-0003"], "2026-11-22");
    const merged = [doc.items[1]!, doc.items[0]!, doc.items[2]!];
    expect(rerank(merged, TODAY, new Map(), memory).humanOrder).toBe(false);
    expect(rerank(doc.items, TODAY, new Map(), memory).humanOrder).toBe(false);
  });
});
