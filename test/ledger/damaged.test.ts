import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  appendEvidence,
  checkLedger,
  decide,
  ensureIdea,
  ensureItem,
  parseBacklog,
  parseIdeas,
  rank,
  setStatus,
  upsertDayEntry,
  type LedgerProblem,
} from "../../src/core/ledger/index.ts";
import { catchLedgerError } from "./catch-ledger-error.ts";

// Damaged ledgers lose nothing: checkLedger says what it could not understand (file, line, what),
// and every edit refuses rather than rewrite the file.

const FIXTURES = new URL("../fixtures/ledger/", import.meta.url).pathname;
const backlog = readFileSync(`${FIXTURES}backlog-hand-written-noop/input.md`, "utf8");
const ideas = readFileSync(`${FIXTURES}ideas-hand-written-noop/input.md`, "utf8");
const changelog = readFileSync(`${FIXTURES}changelog-prepend/input.md`, "utf8");

const backlogEdits = (text: string) => [
  () => ensureItem(parseBacklog(text), { fingerprint: "new", title: "t", priority: "P2", date: "2026-11-25" }),
  () => appendEvidence(parseBacklog(text), "B-0001", { date: "2026-11-25", text: "x" }),
  () => setStatus(parseBacklog(text), "B-0001", "dropped", "2026-11-25"),
  () => rank(parseBacklog(text), ["B-0001"]),
];
const ideaEdits = (text: string) => [
  () => ensureIdea(parseIdeas(text), { fingerprint: "new", title: "t", date: "2026-11-25", evidence: [] }, 1.5),
  () => decide(parseIdeas(text), "I-0003", "accepted", "@sam", "2026-11-25", "ok"),
];
const changelogEdits = (text: string) => [() => upsertDayEntry(text, { date: "2026-11-25", kind: "healthy" })];

const cases: { name: string; file: string; text: string; edits: (text: string) => (() => unknown)[]; expected: RegExp; line: number }[] = [
  { name: "a byte-order mark", file: "BACKLOG.md", text: `\uFEFF${backlog}`, edits: backlogEdits, expected: /byte-order mark/, line: 1 },
  { name: "CRLF line endings", file: "IDEAS.md", text: ideas.replace(/\n/g, "\r\n"), edits: ideaEdits, expected: /CRLF/, line: 1 },
  {
    name: "CRLF line endings far below the head",
    file: "CHANGELOG.md",
    text: changelog.replace("Applied compression by hand (attended).\n", "Applied compression by hand (attended).\r\n"),
    edits: changelogEdits,
    expected: /CRLF/,
    line: 23,
  },
  {
    name: "a merge-conflict marker",
    file: "CHANGELOG.md",
    text: changelog.replace("## 2026-11-23\n", "<<<<<<< HEAD\n## 2026-11-23\n=======\n## 2026-11-22\n>>>>>>> theirs\n"),
    edits: changelogEdits,
    expected: /merge-conflict marker/,
    line: 13,
  },
  {
    name: "a duplicate id",
    file: "BACKLOG.md",
    text: backlog.replace("### B-0001 — db01", "### B-0003 — db01"),
    edits: backlogEdits,
    expected: /B-0003 appears twice \(first at line 10\)/,
    line: 33,
  },
  {
    name: "a missing section heading",
    file: "BACKLOG.md",
    text: backlog.replace("## Closed\n", ""),
    edits: backlogEdits,
    expected: /"## Closed" section heading is missing/,
    line: 1,
  },
  {
    name: "a deleted item heading (two items run together)",
    file: "IDEAS.md",
    text: ideas.replace("### I-0003 — Per-chunk compression ratio dashboard\n\n", ""),
    edits: ideaEdits,
    expected: /I-0002 has a second "#### Status" section/,
    line: 41,
  },
  {
    name: "a missing title heading",
    file: "CHANGELOG.md",
    text: changelog.replace("# Changelog\n", ""),
    edits: changelogEdits,
    expected: /"# Changelog" title heading is missing/,
    line: 1,
  },
  {
    name: "a table row with the wrong number of columns",
    file: "BACKLOG.md",
    text: backlog.replace("| new NAS | Sam |", "| new NAS | Sam | soon |"),
    edits: backlogEdits,
    expected: /table row has 3 column\(s\) but the table header has 2/,
    line: 58,
  },
  {
    name: "a table row with too few columns in the newest day",
    file: "CHANGELOG.md",
    text: changelog.replace("Sam: checked this one myself too.", "| Host | Result |\n| - | - |\n| db01 |"),
    edits: changelogEdits,
    expected: /table row has 1 column\(s\) but the table header has 2/,
    line: 13,
  },
];

describe("damaged ledgers", () => {
  for (const c of cases) {
    it(`${c.file} with ${c.name}: reported with its line, and every edit refuses`, () => {
      const problems = checkLedger(c.file, c.text);
      const problem = problems.find((p: LedgerProblem) => c.expected.test(p.message));
      expect(problem, JSON.stringify(problems)).toBeDefined();
      expect(problem!.file).toBe(c.file);
      expect(problem!.line).toBe(c.line);
      for (const edit of c.edits(c.text)) {
        const error = catchLedgerError(edit);
        expect(error.file).toBe(c.file);
        expect(error.message).toMatch(c.expected);
      }
    });
  }

  it("finds nothing wrong with the undamaged originals", () => {
    expect(checkLedger("BACKLOG.md", backlog)).toEqual([]);
    expect(checkLedger("IDEAS.md", ideas)).toEqual([]);
    expect(checkLedger("CHANGELOG.md", changelog)).toEqual([]);
  });
});
