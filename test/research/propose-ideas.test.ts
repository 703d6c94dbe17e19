import { describe, expect, it } from "vitest";
import { compactRun } from "../../src/core/history/history-record.ts";
import { ALERT_PAGING_GAP } from "../../src/core/judgement/self-critique.ts";
import { appendEvidence, decide, ensureItem, parseBacklog, parseIdeas } from "../../src/core/ledger/index.ts";
import { proposeIdeas } from "../../src/core/research/propose-ideas.ts";
import { recordIdeas } from "../../src/core/research/record-ideas.ts";
import type { Observation } from "../../src/core/observations/index.ts";
import { loadTemplateConfig } from "../support/template.ts";
import { observationsOn, ticksSize } from "../cadences/month-lab.ts";

const EMPTY_BACKLOG = parseBacklog("# Backlog\n\n## Open\n\n## Closed\n");
const record = (n: number, observations: Observation[] = observationsOn(n, `2026-11-${String(n).padStart(2, "0")}T21:00:00.000Z`)) =>
  compactRun(observations, { day: `2026-11-${String(n).padStart(2, "0")}`, at: `2026-11-${String(n).padStart(2, "0")}T21:00:00.000Z`, reviewed: true });

describe("rules-based research", () => {
  it("proposes compression for a table growing faster than the rate, with the saving from an observed ratio", async () => {
    const config = await loadTemplateConfig();
    const latest = record(8);
    const pg = latest.observations.find((o) => o.kind === "postgres")!;
    if (pg.kind === "postgres")
      pg.facts.timescale = { hypertables: [{ name: "candles", sizeBytes: 1e9, compressedChunks: 10, totalChunks: 12, compressionRatio: 5 }] };
    const ideas = proposeIdeas({ config, today: "2026-11-08", records: [record(1), latest], backlog: EMPTY_BACKLOG });
    const compression = ideas.find((i) => i.rule === "compression")!;
    expect(compression.fingerprint).toBe("idea:compression:db01:market.public.ticks");
    expect(compression.evidence[0]).toMatchObject({ kind: "table-growth", value: 50_000_000, unit: "B/day" });
    expect(compression.evidence[1]!.text).toBe(
      `at the fleet's lowest observed compression ratio (×5) compressing it would free about ${(ticksSize(8) * 0.8) / 1e9} GB now and cut growth to about 70 MB/week`,
    );
    // Slower than the rate: no idea.
    expect(
      proposeIdeas({ config, today: "2026-11-08", records: [record(1), latest], backlog: EMPTY_BACKLOG, thresholds: { tableGrowthPerWeek: 0.5 } }).some(
        (i) => i.rule === "compression",
      ),
    ).toBe(false);
  });

  it("proposes alert paging from the self-critique exhibits, and alerting for scraped jobs without rules", async () => {
    const config = await loadTemplateConfig();
    let backlog = ensureItem(EMPTY_BACKLOG, { fingerprint: ALERT_PAGING_GAP, title: "Alert paging", priority: "P2", date: "2026-11-02" });
    backlog = {
      ...backlog,
      doc: appendEvidence(backlog.doc, backlog.item.id, {
        date: "2026-11-02",
        kind: "undetected-hours",
        value: 31,
        unit: "h",
        text: "a 31 h feed outage went unnoticed — exhibit A",
      }).doc,
    };
    const ideas = proposeIdeas({ config, today: "2026-11-08", records: [record(8)], backlog: backlog.doc });
    expect(ideas.find((i) => i.rule === "alert-paging")!.evidence[0]).toMatchObject({
      kind: "undetected-hours",
      value: 31,
      text: expect.stringContaining(`worst 31 h), see ${backlog.item.id}`),
    });
    expect(ideas.find((i) => i.rule === "alert-coverage")).toMatchObject({
      fingerprint: "idea:alert-coverage:db01",
      evidence: [{ kind: "uncovered", value: 2 }],
    });
  });

  it("proposes retention of the bot's own state when its history grows faster than the limit", async () => {
    const config = await loadTemplateConfig();
    const records = [1, 2, 3].map((n) => record(n));
    expect(proposeIdeas({ config, today: "2026-11-03", records, backlog: EMPTY_BACKLOG }).some((i) => i.rule === "state-retention")).toBe(false);
    const ideas = proposeIdeas({ config, today: "2026-11-03", records, backlog: EMPTY_BACKLOG, thresholds: { stateBytesPerWeek: 1000 } });
    expect(ideas.find((i) => i.rule === "state-retention")!.evidence[0]).toMatchObject({ kind: "state-growth", unit: "B/week" });
  });

  it("holds a rejected idea back, with the rule's reason, until its evidence changes materially", async () => {
    const config = await loadTemplateConfig();
    const first = proposeIdeas({ config, today: "2026-11-08", records: [record(1), record(8)], backlog: EMPTY_BACKLOG }).filter(
      (i) => i.rule === "compression",
    );
    let ideas = recordIdeas(parseIdeas("# Ideas\n\n## Ideas\n"), first, "2026-11-08", 1.5).doc;
    ideas = decide(ideas, "I-0001", "rejected", "@alice", "2026-11-09", "not now").doc;
    const same = proposeIdeas({ config, today: "2026-11-15", records: [record(8), record(15)], backlog: EMPTY_BACKLOG }).filter(
      (i) => i.rule === "compression",
    );
    const held = recordIdeas(ideas, same, "2026-11-15", 1.5);
    expect(held.recorded).toEqual([]);
    expect(held.heldBack.map((h) => h.reason)).toEqual([
      "rejected 2026-11-09: no new kind of evidence and no value moved by more than ×1.5 since the rejection",
    ]);
    expect(held.doc.text).toBe(ideas.text);
    const faster = proposeIdeas({ config, today: "2026-11-22", records: [record(15), record(22)], backlog: EMPTY_BACKLOG }).filter(
      (i) => i.rule === "compression",
    );
    expect(recordIdeas(ideas, faster, "2026-11-22", 1.5).recorded.map((r) => r.outcome)).toEqual(["repitched"]);
  });
});
