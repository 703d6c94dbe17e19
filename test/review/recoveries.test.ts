// Items close when the fleet recovers: the pure BACKLOG.md edit of a review, day after day, over the
// template's own configuration and the article's 403 feed. Every day's edit is also checked against
// the ledger's invariants (nothing dropped, history append-only) and must parse without a problem.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { OpsConfig } from "../../src/config/ops-config.ts";
import { conditionObserved } from "../../src/core/findings/condition-observed.ts";
import { findAll } from "../../src/core/findings/find-all.ts";
import type { HistoryRun } from "../../src/core/findings/findings-input.ts";
import { selfCritique } from "../../src/core/judgement/self-critique.ts";
import {
  appendEvidence,
  backlogViolations,
  checkLedger,
  ensureItem,
  findItemById,
  parseBacklog,
  setStatus,
  type BacklogDoc,
} from "../../src/core/ledger/index.ts";
import type { Observation } from "../../src/core/observations/index.ts";
import { recordBacklog } from "../../src/core/review/record-backlog.ts";
import { recordExhibits } from "../../src/core/review/record-exhibits.ts";
import type { CloseOnRecovery } from "../../src/core/review/record-recoveries.ts";
import { loadTemplateConfig } from "../support/template.ts";
import { container, feedObs, hostObs, input } from "../findings/fixtures.ts";

const TEMPLATE_BACKLOG = readFileSync(new URL("../../ops-repo-template/BACKLOG.md", import.meta.url), "utf8");
const FEED = "feed-http-error:agent01:reddit-sentiment-feed";
const HOUR = 3_600_000;

let config: OpsConfig;
beforeAll(async () => {
  config = await loadTemplateConfig();
});

const date = (day: number) => `2026-11-${String(day).padStart(2, "0")}`;
const evening = (day: number) => new Date(`${date(day)}T22:00:00.000Z`);

type Sees = (at: string) => Observation[];
const answers =
  (status: number | null): Sees =>
  (at) => [feedObs(status, at)];
const checkFault: Sees = (at) => [
  { kind: "fault", probe: "check", check: "reddit-sentiment-feed", at, host: "agent01", fault: { kind: "timeout", message: "no answer in 10000 ms" } },
];
const nothing: Sees = () => [];

/** A fleet reviewed once an evening: findings from today's observations and the history, then the backlog edit. */
function fleet(options: { reverifyDays?: number; close?: CloseOnRecovery; doc?: BacklogDoc } = {}) {
  let doc = options.doc ?? parseBacklog(TEMPLATE_BACKLOG);
  const runs: HistoryRun[] = [];
  const review = (day: number, sees: Sees, extra: { unreviewed?: HistoryRun[] } = {}) => {
    const now = evening(day);
    const observations = sees(now.toISOString());
    const findings = findAll(input(config, observations, { history: [...runs, ...(extra.unreviewed ?? [])], now }));
    const escalations = findings.filter((f) => f.outsideBoundary).map((f) => ({ finding: f, reason: f.outsideBoundary!.reason }));
    const result = recordBacklog(doc, {
      date: date(day),
      findings,
      escalations,
      critique: selfCritique(findings, config.guardrails.detectionLatencyHours, now),
      observations,
      reverifyDays: options.reverifyDays ?? config.guardrails.reverifyDays,
      closeOnRecovery: options.close ?? "auto",
    });
    expect(backlogViolations(doc, result.doc)).toEqual([]);
    expect(checkLedger("BACKLOG.md", result.doc.text)).toEqual([]);
    doc = result.doc;
    runs.push({ at: now.toISOString(), observations }, ...(extra.unreviewed ?? []));
    return result;
  };
  return {
    review,
    get doc() {
      return doc;
    },
    set doc(next: BacklogDoc) {
      doc = next;
    },
    item: (id = "B-0001") => findItemById(doc, id)!,
  };
}

const recoveryLines = (doc: BacklogDoc, id = "B-0001") =>
  findItemById(doc, id)!
    .evidence.filter((e) => ["recovered", "held", "recurred", "ready-to-close"].includes(e.kind ?? ""))
    .map((e) => `${e.date} · ${e.kind} — ${e.text}`);

describe("a recovered condition closes its backlog item after reverifyDays observed days", () => {
  it("appends dated recovery evidence once a day and closes after exactly reverifyDays (3) days, not before", () => {
    const f = fleet();
    f.review(1, answers(403));
    f.review(2, answers(403));
    expect(f.item()).toMatchObject({ fingerprint: FEED, status: "open", section: "Open" });
    f.review(3, answers(200));
    const afterDay3 = f.doc.text;
    // A second run the same evening changes nothing.
    expect(f.review(3, answers(200)).doc.text).toBe(afterDay3);
    expect(f.review(4, answers(200)).recoveries).toEqual([
      {
        id: "B-0001",
        title: "reddit-sentiment-feed answers HTTP 403 (expected 200)",
        status: "recovering",
        detail: "still recovered: the condition was not present on 2026-11-04 (2 of 3 day(s))",
      },
    ]);
    expect(f.item().status).toBe("open");
    const day5 = f.review(5, answers(200));
    expect(recoveryLines(f.doc)).toEqual([
      "2026-11-03 · recovered — recovered: the condition was not present on 2026-11-03 (1 of 3 day(s))",
      "2026-11-04 · held — still recovered: the condition was not present on 2026-11-04 (2 of 3 day(s))",
      "2026-11-05 · held — still recovered: the condition was not present on 2026-11-05 (3 of 3 day(s))",
    ]);
    const note = "closed on recovery: the condition was not present on 3 observed day(s), 2026-11-03 to 2026-11-05 (reverifyDays 3); see the evidence";
    expect(f.item()).toMatchObject({ status: "done", section: "Closed" });
    expect(f.item().history.at(-1)).toEqual({ date: "2026-11-05", status: "done", note });
    expect(f.doc.text).toContain(`- 2026-11-05 · done — ${note}\n`);
    expect(day5.recoveries).toEqual([{ id: "B-0001", title: "reddit-sentiment-feed answers HTTP 403 (expected 200)", status: "closed", detail: note }]);
    // A re-run of the closing day still reports the closure (read back from the ledger), and later days add nothing.
    expect(f.review(5, answers(200)).recoveries).toEqual(day5.recoveries);
    const closed = f.doc.text;
    expect(f.review(6, answers(200))).toMatchObject({ recoveries: [] });
    expect(f.doc.text).toBe(closed);
  });

  it("a condition back before the item closes gets a dated recurred line, and the count starts over", () => {
    const f = fleet();
    f.review(1, answers(403));
    f.review(2, answers(200));
    f.review(3, answers(200));
    expect(f.review(4, answers(403)).recoveries).toMatchObject([{ id: "B-0001", status: "recurred" }]);
    f.review(5, answers(200));
    f.review(6, answers(200));
    expect(f.item().status).toBe("open");
    f.review(7, answers(200));
    expect(f.item().status).toBe("done");
    expect(recoveryLines(f.doc)).toEqual([
      "2026-11-02 · recovered — recovered: the condition was not present on 2026-11-02 (1 of 3 day(s))",
      "2026-11-03 · held — still recovered: the condition was not present on 2026-11-03 (2 of 3 day(s))",
      "2026-11-04 · recurred — recurred: the condition was present again on 2026-11-04, after 2 day(s) without it; the count starts over",
      "2026-11-05 · recovered — recovered: the condition was not present on 2026-11-05 (1 of 3 day(s))",
      "2026-11-06 · held — still recovered: the condition was not present on 2026-11-06 (2 of 3 day(s))",
      "2026-11-07 · held — still recovered: the condition was not present on 2026-11-07 (3 of 3 day(s))",
    ]);
    expect(f.item().history.at(-1)!.note).toContain("2026-11-05 to 2026-11-07");
  });

  it("absence is not recovery when the probe that would see the condition did not answer: no answer, a fault, or no observation", () => {
    const f = fleet();
    f.review(1, answers(403));
    const before = findItemById(f.doc, "B-0001")!.evidence;
    f.review(2, answers(null));
    f.review(3, checkFault);
    f.review(4, nothing);
    expect(f.item().evidence).toEqual(before);
    f.review(5, answers(200));
    f.review(6, answers(200));
    expect(f.item().status).toBe("open");
    // A day without an answer neither counts nor resets: the streak goes on where it was.
    f.review(7, answers(null));
    f.review(8, answers(200));
    expect(f.item().status).toBe("done");
    expect(recoveryLines(f.doc).map((l) => l.slice(0, 10))).toEqual(["2026-11-05", "2026-11-06", "2026-11-08"]);
  });

  it("an item a person decided on is never touched: awaiting approval, in progress, dropped, or filed by hand", () => {
    const f = fleet({ reverifyDays: 1 });
    f.review(1, answers(403));
    const withHandFiled = ensureItem(f.doc, {
      fingerprint: "container-down:agent01:collector-x",
      title: "collector-x keeps dying",
      priority: "P3",
      date: "2026-11-01",
      note: "filed by @alice",
    }).doc;
    const healthy: Sees = (at) => [feedObs(200, at), hostObs("agent01", { containers: [container("collector-x")] }, at)];
    for (const status of ["awaiting-approval", "in-progress", "dropped"] as const) {
      const decided = setStatus(withHandFiled, "B-0001", status, "2026-11-01", { note: "a person's call" }).doc;
      const g = fleet({ reverifyDays: 1, doc: decided });
      g.review(2, healthy);
      expect(g.review(3, healthy).recoveries).toEqual([]);
      expect(g.doc.text).toBe(decided.text);
    }
  });

  it("in await-done mode says once that the item is ready to close, and leaves /done to a person", () => {
    const f = fleet({ close: "await-done" });
    f.review(1, answers(403));
    for (const day of [2, 3, 4]) f.review(day, answers(200));
    expect(f.item().status).toBe("open");
    expect(recoveryLines(f.doc).at(-1)).toBe(
      "2026-11-04 · ready-to-close — ready to close, awaiting /done: the condition was not present on 3 observed day(s), 2026-11-02 to 2026-11-04",
    );
    const ready = f.doc.text;
    expect(f.review(5, answers(200)).recoveries).toEqual([]);
    expect(f.review(6, answers(200)).doc.text).toBe(ready);
    // Back before anyone said /done: the count starts over, and a new streak is announced again.
    f.review(7, answers(403));
    for (const day of [8, 9, 10]) f.review(day, answers(200));
    expect(recoveryLines(f.doc).filter((l) => l.includes("ready-to-close"))).toHaveLength(2);
    expect(f.item().status).toBe("open");
  });

  it("reopens an item closed on recovery when its condition comes back, and files today's evidence there", () => {
    const f = fleet({ reverifyDays: 1 });
    f.review(1, answers(403));
    f.review(2, answers(200));
    expect(f.item().status).toBe("done");
    const back = f.review(3, answers(403));
    expect(f.doc.items.map((i) => i.id)).toEqual(["B-0001"]);
    expect(f.item()).toMatchObject({ status: "open", section: "Open" });
    expect(f.item().history.at(-1)).toEqual({ date: "2026-11-03", status: "open", note: "reopened: the condition is present again" });
    expect(back.recoveries).toMatchObject([{ id: "B-0001", status: "reopened" }]);
    expect(back.escalations).toMatchObject([{ id: "B-0001", reason: expect.stringContaining("(still open)") }]);
    f.review(4, answers(200));
    expect(f.item().status).toBe("done");
  });

  it("a human /done is final: the bot does not reopen an item it did not close", () => {
    const f = fleet({ reverifyDays: 1 });
    f.review(1, answers(403));
    f.doc = setStatus(f.doc, "B-0001", "done", "2026-11-01", { note: "rotated the API key (@alice)" }).doc;
    f.review(2, answers(403));
    expect(f.item().status).toBe("done");
  });
});

describe("titles and evidence a reader can trust on day five", () => {
  it("the title never carries a duration; how long it lasted is evidence, appended when the failure doubles in length", () => {
    const f = fleet();
    for (let day = 1; day <= 8; day++) f.review(day, answers(403));
    expect(f.item().title).toBe("reddit-sentiment-feed answers HTTP 403 (expected 200)");
    expect(f.doc.text).not.toMatch(/\(for \d/);
    const durations = f.item().evidence.filter((e) => e.kind === "duration");
    expect(durations.map((e) => [e.date, e.value])).toEqual([
      ["2026-11-02", 24],
      ["2026-11-03", 48],
      ["2026-11-04", 72],
      ["2026-11-07", 144],
    ]);
    expect(durations.at(-1)!.text).toBe("failing for 6 days, since 2026-11-01T22:00:00.000Z");
  });

  it("self-critique exhibit labels are stored with the evidence and stay the same from day to day, as new exhibits are added", () => {
    // The template's paging item may already hold a line that is not an exhibit: it must not shift the letters.
    let doc = ensureItem(parseBacklog(TEMPLATE_BACKLOG), {
      fingerprint: "gap:alert-paging",
      title: "Alert paging",
      priority: "P2",
      date: "2026-10-30",
      note: "filed by @alice",
    }).doc;
    doc = appendEvidence(doc, "B-0001", { date: "2026-10-30", text: "we have no pager at all" }).doc;
    const f = fleet({ doc });
    const unnoticed = (hours: number, day: number, sees: Sees): HistoryRun => {
      const at = new Date(evening(day).getTime() - hours * HOUR).toISOString();
      return { at, observations: sees(at), reviewed: false };
    };
    const feed403 = answers(403);
    const collectorDown: Sees = (at) => [hostObs("agent01", { containers: [container("collector-reddit", "exited")] }, at)];
    const day1 = f.review(1, feed403, { unreviewed: [unnoticed(31, 1, feed403)] });
    expect(day1.escalations.find((e) => e.id === "B-0001")!.reason).toBe(
      "self-critique: 2026-11-01: a 31 h feed outage (reddit-sentiment-feed, HTTP 403) went unnoticed by alerting — exhibit A",
    );
    const both: Sees = (at) => [...feed403(at), ...collectorDown(at)];
    const day2 = f.review(2, both, { unreviewed: [unnoticed(10, 2, both)] });
    expect(day2.escalations.find((e) => e.id === "B-0001")!.reason).toBe(
      "self-critique: 2026-11-01: a 31 h feed outage (reddit-sentiment-feed, HTTP 403) went unnoticed by alerting — exhibit A; 2026-11-02: a 10 h container outage (collector-reddit, agent01) went unnoticed by alerting — exhibit B",
    );
    const day3 = f.review(3, both);
    expect(day3.escalations.find((e) => e.id === "B-0001")!.reason).toBe(day2.escalations.find((e) => e.id === "B-0001")!.reason);
    expect(findItemById(f.doc, "B-0001")!.evidence.map((e) => e.text)).toEqual([
      "we have no pager at all",
      "2026-11-01: a 31 h feed outage (reddit-sentiment-feed, HTTP 403) went unnoticed by alerting — exhibit A",
      "2026-11-02: a 10 h container outage (collector-reddit, agent01) went unnoticed by alerting — exhibit B",
    ]);
  });
});

describe("recordExhibits", () => {
  it("continues after the highest label in use, past Z", () => {
    let doc = ensureItem(parseBacklog(TEMPLATE_BACKLOG), { fingerprint: "gap:alert-paging", title: "Alert paging", priority: "P2", date: "2026-10-30" }).doc;
    doc = appendEvidence(doc, "B-0001", {
      date: "2026-10-30",
      kind: "undetected-hours",
      value: 9,
      unit: "h",
      text: "2026-10-30: a 9 h host outage (ssh, nas01) went unnoticed by alerting — exhibit Z",
    }).doc;
    const line = {
      backlogFingerprint: "gap:alert-paging" as const,
      fingerprint: "host-unreachable:nas02:ssh",
      key: "k",
      date: "2026-11-01",
      text: "2026-11-01: a 6 h host outage (ssh, nas02) went unnoticed by alerting",
      value: 6,
      unit: "h" as const,
    };
    const { lines } = recordExhibits(doc, [line], "2026-11-01");
    expect(lines).toEqual([`${line.text} — exhibit AA`]);
  });
});

describe("conditionObserved: absence counts only where the probe that would see it answered", () => {
  const at = evening(1).toISOString();
  const down: Observation = { kind: "fault", probe: "ssh", at, host: "agent01", fault: { kind: "unreachable", message: "no route" } };
  it.each<[string, string, Observation[], boolean]>([
    ["a feed answering 200", FEED, [feedObs(200, at)], true],
    ["a feed answering 403", FEED, [feedObs(403, at)], true],
    ["a feed not answering", FEED, [feedObs(null, at)], false],
    ["a feed check that faulted", FEED, checkFault(at), false],
    ["another feed answering", FEED, [feedObs(200, at, "other-feed")], false],
    ["the container listed", "container-down:agent01:collector-reddit", [hostObs("agent01", { containers: [container("collector-reddit")] }, at)], true],
    ["docker not probed", "container-down:agent01:collector-reddit", [hostObs("agent01", { containers: null }, at)], false],
    ["the container gone", "container-down:agent01:collector-reddit", [hostObs("agent01", { containers: [] }, at)], false],
    ["the host unreachable", "container-down:agent01:collector-reddit", [down], false],
    ["the host probed", "host-unreachable:agent01:ssh", [hostObs("agent01", {}, at)], true],
    ["the mount listed", "disk-pressure:agent01:/", [hostObs("agent01", {}, at)], true],
    ["the mount not listed", "disk-pressure:agent01:/data", [hostObs("agent01", {}, at)], false],
    ["the host but not PostgreSQL probed", "postgres-unreachable:db01:postgresql", [hostObs("db01", {}, at)], false],
    ["no Prometheus answered", "alert-firing:collect01:InstanceDown/192.168.100.41:9100", [], false],
    ["a gap, not a condition", "gap:alert-paging", [hostObs("agent01", {}, at)], false],
    ["a watch item's regression", "change-not-holding:agent01:W-1", [hostObs("agent01", {}, at)], false],
    ["a kind named like an object property", "constructor:agent01:x", [hostObs("agent01", {}, at)], false],
  ])("%s: %s observed is %s", (_what, fingerprint, observations, expected) => {
    expect(conditionObserved(fingerprint, observations)).toBe(expected);
  });
});
