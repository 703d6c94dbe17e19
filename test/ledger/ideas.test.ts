import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decide, ensureIdea, graduate, ideasViolations, isMateriallyNew, parseIdeas, renderIdea, type Evidence } from "../../src/core/ledger/index.ts";
import { catchLedgerError } from "./catch-ledger-error.ts";

const TEMPLATE = readFileSync(new URL("../../ops-repo-template/IDEAS.md", import.meta.url), "utf8");
const lag = (value: number, date = "2026-11-01"): Evidence => ({ date, kind: "ingest-lag", value, unit: "s", text: `lag ${value} s` });

function rejected() {
  const doc = ensureIdea(
    parseIdeas(TEMPLATE),
    { fingerprint: "collectors-queue", title: "Queue", date: "2026-11-01", by: "research", evidence: [lag(40)] },
    1.5,
  ).doc;
  return decide(doc, "I-0001", "rejected", "@sam", "2026-11-02", "too much machinery").doc;
}

describe("isMateriallyNew", () => {
  it("is material for a new kind, or a value moved by more than the factor either way", () => {
    expect(isMateriallyNew([lag(40)], [lag(60)], 1.5)).toEqual({
      material: false,
      reason: "no new kind of evidence and no value moved by more than ×1.5 since the rejection",
    });
    expect(isMateriallyNew([lag(40)], [lag(61)], 1.5).material).toBe(true);
    expect(isMateriallyNew([lag(40)], [lag(26)], 1.5).material).toBe(true);
    expect(isMateriallyNew([lag(40)], [lag(61)], 1.5).reason).toBe("ingest-lag moved from 40 s to 61 s (×1.52, more than ×1.5)");
    expect(isMateriallyNew([lag(40)], [{ date: "2026-11-25", kind: "crash", text: "a collector crashed" }], 1.5)).toEqual({
      material: true,
      reason: "new kind of evidence: crash",
    });
    expect(isMateriallyNew([lag(0)], [lag(1)], 1.5).material).toBe(true);
  });

  it("never counts prose, or a value in another unit, as material", () => {
    expect(isMateriallyNew([lag(40)], [{ date: "2026-11-25", text: "it is really bad now" }], 1.5).material).toBe(false);
    expect(isMateriallyNew([lag(40)], [{ ...lag(400), unit: "ms" }], 1.5).material).toBe(false);
  });
});

describe("IDEAS.md", () => {
  it("declines to re-pitch a rejected idea without material evidence, and re-proposes it with it", () => {
    const doc = rejected();
    const nag = ensureIdea(doc, { fingerprint: "collectors-queue", title: "Queue again", date: "2026-11-25", evidence: [lag(50, "2026-11-25")] }, 1.5);
    expect(nag).toMatchObject({ outcome: "declined", changed: false });
    expect(nag.doc.text).toBe(doc.text);
    const material = ensureIdea(
      doc,
      { fingerprint: "collectors-queue", title: "Queue again", date: "2026-11-25", by: "research", evidence: [lag(95, "2026-11-25")] },
      1.5,
    );
    expect(material.outcome).toBe("repitched");
    expect(material.idea.status).toBe("proposed");
    expect(material.idea.history.at(-1)?.note).toBe("re-proposed: ingest-lag moved from 40 s to 95 s (×2.38, more than ×1.5)");
    expect(ideasViolations(doc, material.doc, 1.5)).toEqual([]);
  });

  it("lint flags a hand re-pitch of a rejected idea under its own id", () => {
    const before = rejected();
    const after = parseIdeas(
      before.text.replace(
        "- 2026-11-02 · rejected by @sam — too much machinery",
        "- 2026-11-02 · rejected by @sam — too much machinery\n- 2026-11-25 · proposed by @bob — please reconsider",
      ),
    );
    expect(ideasViolations(before, after, 1.5)).toEqual([
      {
        file: "IDEAS.md",
        id: "I-0001",
        message:
          "is proposed again after its rejection on 2026-11-02 without materially new evidence: no new kind of evidence and no value moved by more than ×1.5 since the rejection",
      },
    ]);
  });

  it("decides, graduates, and refuses what the rules do not allow", () => {
    let doc = ensureIdea(parseIdeas(TEMPLATE), { fingerprint: "wal", title: "WAL archiving", date: "2026-11-01", evidence: [] }, 1.5).doc;
    expect(catchLedgerError(() => graduate(doc, "I-0001", "B-0004")).message).toMatch(/I-0001 is proposed; only an accepted idea graduates/);
    doc = decide(doc, "I-0001", "accepted", "@alice", "2026-11-03", "cheap").doc;
    expect(decide(doc, "I-0001", "accepted", "@alice", "2026-11-03", "cheap").changed).toBe(false);
    expect(catchLedgerError(() => decide(doc, "I-0001", "rejected", "@bob", "2026-11-04", "no")).message).toMatch(/already accepted/);
    doc = graduate(doc, "I-0001", "B-0004").doc;
    expect(graduate(doc, "I-0001", "B-0004").changed).toBe(false);
    const idea = doc.ideas[0]!;
    expect(idea).toMatchObject({
      status: "accepted",
      graduatedTo: "B-0004",
      history: [{ status: "proposed" }, { status: "accepted", by: "@alice", note: "cheap", date: "2026-11-03" }],
    });
    const block = doc.structure.items[0]!;
    expect(renderIdea(idea)).toBe(doc.text.slice(block.start, block.end));
  });
});
