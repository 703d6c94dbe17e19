import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reviewJob } from "../../src/jobs/review.ts";
import { researchJob } from "../../src/jobs/cadence/research.ts";
import { weeklyJob } from "../../src/jobs/cadence/weekly.ts";
import { checkJob } from "../../src/jobs/check.ts";
import {
  BACKLOG_FILE,
  CHANGELOG_FILE,
  IDEAS_FILE,
  OPEN_STATUSES,
  decide,
  ensureItem,
  graduate,
  parseBacklog,
  parseChangelog,
  parseIdeas,
  rank,
} from "../../src/core/ledger/index.ts";
import { RefusedError } from "../../src/errors.ts";
import { commit, createMonthRepo, quietIO, standInDaily, unreachable } from "./month-lab.ts";

const date = (n: number) => `2026-11-${String(n).padStart(2, "0")}`;
const SUNDAYS = [8, 15, 22, 29];

async function read(ops: string, file: string) {
  return readFile(join(ops, file), "utf8");
}

/** What merging the re-rank pull request does: BACKLOG.md in the proposed order on the default branch. */
async function mergeRerank(ops: string, lines: string[]) {
  const order = [...lines.join("\n").matchAll(/^\| \d+ \| \d+ \| (B-\d{4}) \|/gm)].map((m) => m[1]!);
  expect(order.length).toBeGreaterThan(0);
  const backlog = parseBacklog(await read(ops, BACKLOG_FILE));
  await writeFile(join(ops, BACKLOG_FILE), rank(backlog, order).doc.text);
  await commit(ops, "Merge the backlog re-rank");
}

describe("a simulated month of cadences", () => {
  it("deep-dives every Sunday, proposes ideas with evidence, honours decisions, and flags a missing day", { timeout: 60_000 }, async () => {
    const ops = await createMonthRepo();
    const weekly: Record<number, string> = {};
    const research: Record<number, string> = {};
    for (let n = 1; n <= 29; n++) {
      if (n === 10) continue; // the daily review did not run on the 10th
      if (n === 11) {
        // The next run is a real daily review (its hosts unreachable): it must say the 10th is missing.
        const receipts = await reviewJob({ ops, now: new Date(`${date(11)}T21:00:00Z`), dryRun: false }, quietIO(), { transport: () => unreachable });
        expect(receipts.entry.notes).toContain("DEAD MAN'S SWITCH");
        expect(receipts.entry.notes).toContain("missing: 2026-11-10");
        const silence = parseBacklog(await read(ops, BACKLOG_FILE)).items.find((i) => i.fingerprint === "gap:review-silence");
        expect(silence?.priority).toBe("P1");
      } else {
        await standInDaily(ops, date(n), n, { evidence: n <= 15 });
      }
      if (n === 18) {
        // A person moves the feed item to the top by hand; its evidence will not change after this.
        const backlog = parseBacklog(await read(ops, BACKLOG_FILE));
        const feed = backlog.items.find((i) => i.fingerprint === "feed-credentials:agent01:reddit")!;
        await writeFile(join(ops, BACKLOG_FILE), rank(backlog, [feed.id]).doc.text);
        await commit(ops, "Feed credentials first: the quarter ends");
      }
      if (!SUNDAYS.includes(n)) continue;
      const lines: string[] = [];
      const deep = await weeklyJob({ ops, now: new Date(`${date(n)}T22:00:00Z`), dryRun: false }, quietIO(lines));
      weekly[n] = deep.markdown;
      if (n <= 15) await mergeRerank(ops, lines);
      const found = await researchJob({ ops, now: new Date(`${date(n)}T22:30:00Z`), dryRun: false }, quietIO());
      research[n] = found.markdown;
      if (n === 8) {
        // The decisions a person makes with /accept and /reject on the ideas' issues.
        let ideas = parseIdeas(await read(ops, IDEAS_FILE));
        const compression = ideas.ideas.find((i) => i.fingerprint.startsWith("idea:compression:db01"))!;
        const coverage = ideas.ideas.find((i) => i.fingerprint === "idea:alert-coverage:db01")!;
        ideas = decide(ideas, coverage.id, "accepted", "@alice", date(9), "yes: two exporters and not one rule").doc;
        ideas = decide(ideas, compression.id, "rejected", "@alice", date(9), "50 MB a day is fine for now").doc;
        const item = ensureItem(parseBacklog(await read(ops, BACKLOG_FILE)), {
          fingerprint: coverage.fingerprint,
          title: coverage.title,
          priority: "P3",
          date: date(9),
          note: `graduated from ${coverage.id}`,
          evidence: coverage.evidence,
        });
        ideas = graduate(ideas, coverage.id, item.item.id).doc;
        await writeFile(join(ops, IDEAS_FILE), ideas.text);
        await writeFile(join(ops, BACKLOG_FILE), item.doc.text);
        await commit(ops, "Decide the first ideas");
      }
    }

    // Four deep-dive entries, each a section of that Sunday's entry, with a re-rank and deltas.
    const changelog = parseChangelog(await read(ops, CHANGELOG_FILE));
    expect(changelog.problems).toEqual([]);
    for (const n of SUNDAYS) {
      const day = changelog.days.find((d) => d.date === date(n))!;
      expect(day.kind).toBe("healthy");
      expect(day.text).toContain("#### Weekly deep-dive");
      expect(day.text).toContain("##### Backlog re-rank");
      expect(day.text).toMatch(/market\.public\.ticks \| table size \| [\d.]+ GB \| [\d.]+ GB \| \+[\d.]+ (MB|GB)/);
      expect(day.text).toContain("#### Research run");
    }
    expect(weekly[8]).toContain("Proposed as one pull request (printed: rounds/backlog-rerank)");
    expect(weekly[8]).toMatch(/\| 1 \| 2 \| B-0002 \| db01 root disk/);
    // The 18th's hand order stands on the 22nd: no item's evidence changed since the last re-rank.
    expect(weekly[22]).toContain("A person re-ordered the backlog since the last re-rank");
    const open = parseBacklog(await read(ops, BACKLOG_FILE)).items.filter((i) => OPEN_STATUSES.includes(i.status));
    expect(open[0]!.fingerprint).toBe("feed-credentials:agent01:reddit");
    // The audit saw the exporters without a rule, and playbooks never exercised.
    expect(weekly[8]).toMatch(/db01 node \| scraped, but Prometheus evaluates no alerting rule/);
    expect(weekly[8]).toMatch(/playbooks \| restart-stateless-container \| never exercised/);

    // Ideas: evidence, one accepted and graduated, one rejected, held back, then re-pitched.
    const ideas = parseIdeas(await read(ops, IDEAS_FILE));
    const compression = ideas.ideas.find((i) => i.fingerprint.startsWith("idea:compression:db01"))!;
    const coverage = ideas.ideas.find((i) => i.fingerprint === "idea:alert-coverage:db01")!;
    expect(coverage.status).toBe("accepted");
    expect(coverage.graduatedTo).toMatch(/^B-\d{4}$/);
    expect(research[8]).toMatch(/table-growth|grew 350 MB in a week/);
    expect(research[15]).toContain("Held back");
    expect(research[15]).toMatch(new RegExp(`${compression.id} \\| .* \\| rejected 2026-11-09: no new kind of evidence`));
    expect(compression.history.map((h) => `${h.date} ${h.status}`)).toEqual(["2026-11-08 proposed", "2026-11-09 rejected", "2026-11-22 proposed"]);
    expect(compression.history.at(-1)!.note).toMatch(/re-proposed: table-growth moved from 50000000 B\/day to 150000000 B\/day/);
    expect(research[22]).toContain("re-proposed: materially new evidence");

    // The dead man's switch on demand: fresh after the 29th's review, stale two days later.
    const printed: string[] = [];
    await checkJob({ ops, freshness: true }, { print: (l) => printed.push(l), now: () => new Date(`${date(30)}T12:00:00Z`) });
    expect(printed.at(-1)).toMatch(/ok: CHANGELOG.md \(fresh: the last daily review was 2026-11-29/);
    await expect(checkJob({ ops, freshness: true }, { print: () => {}, now: () => new Date("2026-12-01T12:00:00Z") })).rejects.toThrow(RefusedError);
  });
});
