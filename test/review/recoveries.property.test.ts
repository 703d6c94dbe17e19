// Items close when the fleet recovers, attacked with generated fleets: any sequence of evenings on
// which the feed is rejected (403), answers (200), does not answer, faults, or is not looked at; any
// reverifyDays; either closing mode; re-runs of the same evening. The oracle is written from the
// generated days alone — what a person would count on a calendar — not from the implementation's
// evidence kinds, and the ledger's own text must show the days the closure stands on.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { OpsConfig } from "../../src/config/ops-config.ts";
import { findAll } from "../../src/core/findings/find-all.ts";
import type { HistoryRun } from "../../src/core/findings/findings-input.ts";
import { backlogViolations, checkLedger, findItemByFingerprint, parseBacklog, type BacklogDoc } from "../../src/core/ledger/index.ts";
import type { Observation } from "../../src/core/observations/index.ts";
import { recordBacklog } from "../../src/core/review/record-backlog.ts";
import type { CloseOnRecovery } from "../../src/core/review/record-recoveries.ts";
import { loadTemplateConfig } from "../support/template.ts";
import { feedObs, input } from "../findings/fixtures.ts";

const RUNS = Number(process.env.ROUNDS_PROPERTY_RUNS ?? 100);
const TEMPLATE_BACKLOG = readFileSync(new URL("../../ops-repo-template/BACKLOG.md", import.meta.url), "utf8");
const FEED = "feed-http-error:agent01:reddit-sentiment-feed";

type Evening = "rejected" | "answers" | "no-answer" | "fault" | "not-looked-at";
const SEES: Record<Evening, (at: string) => Observation[]> = {
  rejected: (at) => [feedObs(403, at)],
  answers: (at) => [feedObs(200, at)],
  "no-answer": (at) => [feedObs(null, at)],
  fault: (at) => [
    { kind: "fault", probe: "check", check: "reddit-sentiment-feed", at, host: "agent01", fault: { kind: "error", message: "connection reset" } },
  ],
  "not-looked-at": () => [],
};

let config: OpsConfig;
beforeAll(async () => {
  config = await loadTemplateConfig();
});

const dateOf = (i: number) => new Date(Date.UTC(2026, 10, 1 + i)).toISOString().slice(0, 10);

/** What a person with a calendar expects: the item, open or closed, and the days a closure stands on. */
interface Expected {
  status: "open" | "done";
  ready: boolean;
  /** Evenings the feed answered since it was last rejected. */
  answered: string[];
}

function oracle(state: Expected, evening: Evening, date: string, needed: number, close: CloseOnRecovery): Expected {
  if (evening === "rejected") return { status: "open", ready: false, answered: [] };
  if (evening !== "answers" || state.status === "done") return state;
  const answered = state.answered.includes(date) ? state.answered : [...state.answered, date];
  if (answered.length < needed) return { ...state, answered };
  return close === "auto" ? { status: "done", ready: false, answered } : { status: "open", ready: true, answered };
}

describe(`items close on recovery only after reverifyDays observed days without the condition (${RUNS} generated fleets)`, () => {
  const evenings = fc.array(
    fc.record({ sees: fc.constantFrom<Evening>("rejected", "answers", "answers", "answers", "no-answer", "fault", "not-looked-at"), rerun: fc.boolean() }),
    { minLength: 1, maxLength: 14 },
  );

  it("the item is done exactly when the calendar says so, and the ledger shows the observed days it stands on", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.constantFrom<CloseOnRecovery>("auto", "await-done"), evenings, (reverifyDays, close, days) => {
        const needed = Math.max(1, reverifyDays);
        let doc: BacklogDoc = parseBacklog(TEMPLATE_BACKLOG);
        const runs: HistoryRun[] = [];
        let expected: Expected = { status: "open", ready: false, answered: [] };
        const review = (i: number, sees: Evening) => {
          const now = new Date(`${dateOf(i)}T22:00:00.000Z`);
          const observations = SEES[sees](now.toISOString());
          const findings = findAll(input(config, observations, { history: runs, now }));
          const escalations = findings.filter((f) => f.outsideBoundary).map((f) => ({ finding: f, reason: f.outsideBoundary!.reason }));
          const next = recordBacklog(doc, { date: dateOf(i), findings, escalations, critique: [], observations, reverifyDays, closeOnRecovery: close }).doc;
          expect(backlogViolations(doc, next)).toEqual([]);
          expect(checkLedger("BACKLOG.md", next.text)).toEqual([]);
          return { next, run: { at: now.toISOString(), observations } };
        };
        // The first evening files the item.
        for (const [i, day] of [{ sees: "rejected" as Evening, rerun: false }, ...days].entries()) {
          const { next, run } = review(i, day.sees);
          doc = next;
          expected = oracle(expected, day.sees, dateOf(i), needed, close);
          if (day.rerun) {
            const again = review(i, day.sees);
            expect(again.next.text).toBe(doc.text);
          }
          runs.push(run);
          const item = findItemByFingerprint(doc, FEED)!;
          expect(doc.items.filter((x) => x.fingerprint === FEED)).toHaveLength(1);
          expect(item.status).toBe(expected.status);
          // The ledger's own words: the dates it says the condition was absent on, since it was last seen.
          const lastSeen = item.evidence.findLastIndex((e) => /present again/.test(e.text));
          const absentOn = [...new Set(item.evidence.slice(lastSeen + 1).flatMap((e) => /not present on (\d{4}-\d{2}-\d{2})/.exec(e.text)?.[1] ?? []))];
          const readyLines = item.evidence.slice(lastSeen + 1).filter((e) => /awaiting \/done/.test(e.text));
          if (item.status === "done") {
            expect(item.history.at(-1)).toMatchObject({ date: expected.answered.at(-1), status: "done" });
            expect(absentOn).toEqual(expected.answered);
            expect(absentOn.length).toBeGreaterThanOrEqual(needed);
          } else {
            expect(absentOn).toEqual(expected.answered.slice(0, needed));
            expect(readyLines).toHaveLength(expected.ready ? 1 : 0);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
