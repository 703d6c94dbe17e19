import { mkdtemp, readFile, rm, writeFile, copyFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { afterEach, describe, expect, it } from "vitest";
import { lintJob } from "../../src/jobs/lint.ts";
import { runJob } from "../../src/runner.ts";
import { appendEvidence, decide, ensureIdea, ensureItem, parseBacklog, parseIdeas, setStatus, upsertDayEntry } from "../../src/core/ledger/index.ts";

// `rounds lint` against real git repositories: a base commit on main, a branch that edits the
// ledgers, and the exit code and messages of the command.

const TEMPLATE = new URL("../../ops-repo-template/", import.meta.url).pathname;
const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

async function opsRepo(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "rounds-lint-"));
  dirs.push(dir);
  const git = simpleGit(dir);
  await git.init(["--initial-branch=main"]);
  await git.addConfig("user.name", "Test").addConfig("user.email", "test@localhost");
  await copyFile(join(TEMPLATE, "guardrails.yml"), join(dir, "guardrails.yml"));
  let backlog = parseBacklog(await readFile(join(TEMPLATE, "BACKLOG.md"), "utf8"));
  backlog = ensureItem(backlog, {
    fingerprint: "disk-growth:db01:/",
    title: "db01 root disk grows",
    priority: "P2",
    date: "2026-11-20",
    evidence: [{ date: "2026-11-20", kind: "disk-used", value: 68, unit: "%", text: "crossed 68 %" }],
  }).doc;
  backlog = ensureItem(backlog, { fingerprint: "alert-paging", title: "Wire alert paging", priority: "P1", date: "2026-11-21" }).doc;
  let ideas = parseIdeas(await readFile(join(TEMPLATE, "IDEAS.md"), "utf8"));
  ideas = ensureIdea(
    ideas,
    {
      fingerprint: "collectors-queue",
      title: "Queue for the collectors",
      date: "2026-11-01",
      by: "research",
      evidence: [{ date: "2026-11-01", kind: "ingest-lag", value: 40, unit: "s", text: "collectors wait on db01" }],
    },
    1.5,
  ).doc;
  ideas = decide(ideas, "I-0001", "rejected", "@sam", "2026-11-02", "too much machinery").doc;
  let changelog = await readFile(join(TEMPLATE, "CHANGELOG.md"), "utf8");
  changelog = upsertDayEntry(changelog, { date: "2026-11-23", kind: "healthy" });
  changelog = upsertDayEntry(changelog, { date: "2026-11-24", kind: "healthy" });
  await writeFile(join(dir, "BACKLOG.md"), backlog.text);
  await writeFile(join(dir, "IDEAS.md"), ideas.text);
  await writeFile(join(dir, "CHANGELOG.md"), changelog);
  await git.add(".").commit("base");
  await git.checkoutLocalBranch("change");
  return dir;
}

async function edit(dir: string, file: string, change: (text: string) => string): Promise<void> {
  const path = join(dir, file);
  const before = await readFile(path, "utf8");
  const after = change(before);
  expect(after).not.toBe(before);
  await writeFile(path, after);
}

// Through runJob, as src/cli.ts runs it, so exit codes are the command's own.
async function lint(dir: string, base?: string): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const io = { print: (l: string) => lines.push(l), progress: (l: string) => lines.push(l) };
  const code = await runJob(() => lintJob(base === undefined ? { ops: dir } : { ops: dir, base }, io), io);
  return { code, out: lines.join("\n") };
}

describe("rounds lint", () => {
  it("passes a bot-written day: a new entry, evidence, an item closed with a date", async () => {
    const dir = await opsRepo();
    await edit(dir, "CHANGELOG.md", (t) => upsertDayEntry(t, { date: "2026-11-25", kind: "healthy" }));
    await edit(dir, "BACKLOG.md", (t) => {
      const doc = appendEvidence(parseBacklog(t), "B-0001", { date: "2026-11-25", kind: "disk-used", value: 70, unit: "%", text: "70 %" }).doc;
      return setStatus(doc, "B-0002", "done", "2026-11-25", { note: "paging wired" }).doc.text;
    });
    await simpleGit(dir).add(".").commit("daily review");
    const { code, out } = await lint(dir);
    // No origin here: the output says what it compared with.
    expect(out).toMatch(
      /^ok: CHANGELOG.md, BACKLOG.md, IDEAS.md against [0-9a-f]{12} \(the merge base of HEAD with the local (main|master): there is no origin\)$/m,
    );
    expect(code).toBe(0);
  });

  it("fails a deleted backlog item", async () => {
    const dir = await opsRepo();
    await edit(dir, "BACKLOG.md", (t) => t.replace(/### B-0002[\s\S]*?(?=### B-0001)/, ""));
    const { code, out } = await lint(dir);
    expect(out).toContain("BACKLOG.md: B-0002: the backlog item disappeared");
    expect(code).toBe(1);
  });

  it("fails an edited old changelog entry, and passes a re-run of the newest day", async () => {
    const dir = await opsRepo();
    await edit(dir, "CHANGELOG.md", (t) => t.replace("## 2026-11-23 · healthy\n\nNo change", "## 2026-11-23 · healthy\n\nActually, no change"));
    const { code, out } = await lint(dir);
    expect(out).toContain("CHANGELOG.md: 2026-11-23: the entry for this day was edited");
    expect(code).toBe(1);

    const rerun = await opsRepo();
    await edit(rerun, "CHANGELOG.md", (t) => upsertDayEntry(t, { date: "2026-11-24", kind: "held", result: "Held: busy period." }));
    expect((await lint(rerun)).code).toBe(0);
  });

  it("fails two entries for one day", async () => {
    const dir = await opsRepo();
    await edit(dir, "CHANGELOG.md", (t) => t.replace("## 2026-11-23", "## 2026-11-24 · held\n\nHeld.\n\n## 2026-11-23"));
    const { code, out } = await lint(dir);
    expect(out).toMatch(/CHANGELOG.md:\d+: a second entry for 2026-11-24/);
    expect(code).toBe(1);
  });

  it("fails an item closed without a date", async () => {
    const dir = await opsRepo();
    await edit(dir, "BACKLOG.md", (t) => t.replace("- 2026-11-21 · open", "- 2026-11-21 · open\n- done — fixed it by hand"));
    const { code, out } = await lint(dir);
    expect(out).toMatch(/BACKLOG.md:\d+: B-0002: the status change to done has no date/);
    expect(code).toBe(1);
  });

  it("fails a re-pitched rejected idea, and passes one with materially new evidence", async () => {
    const nag = await opsRepo();
    await edit(nag, "IDEAS.md", (t) => ensureIdeaText(t, 50));
    const failed = await lint(nag);
    expect(failed.out).toContain("IDEAS.md: I-0002: re-pitches I-0001, rejected on 2026-11-02, without materially new evidence");
    expect(failed.code).toBe(1);

    const material = await opsRepo();
    await edit(material, "IDEAS.md", (t) => ensureIdeaText(t, 95));
    const passed = await lint(material);
    expect(passed.out).toContain("ok:");
    expect(passed.code).toBe(0);
  });

  it("compares with the merge base of the default branch, not with main's newer commits", async () => {
    const dir = await opsRepo();
    const git = simpleGit(dir);
    await edit(dir, "CHANGELOG.md", (t) => upsertDayEntry(t, { date: "2026-11-25", kind: "healthy" }));
    await git.add(".").commit("branch work");
    // main moves on meanwhile: the branch is judged against where it forked.
    await git.checkout("main");
    await edit(
      dir,
      "BACKLOG.md",
      (t) => ensureItem(parseBacklog(t), { fingerprint: "x", title: "later on main", priority: "P4", date: "2026-11-25" }).doc.text,
    );
    await git.add(".").commit("main moves");
    await git.checkout("change");
    expect((await lint(dir)).code).toBe(0);
    const againstMain = await lint(dir, "main");
    expect(againstMain.out).toContain("BACKLOG.md: B-0003: the backlog item disappeared");
    expect(againstMain.code).toBe(1);
  });

  it("reports a damaged ledger and a bad --base", async () => {
    const dir = await opsRepo();
    await edit(dir, "BACKLOG.md", (t) => t.replace("## Closed", "<<<<<<< HEAD\n## Closed\n=======\n## Done\n>>>>>>> theirs"));
    const { code, out } = await lint(dir);
    expect(out).toMatch(/BACKLOG.md:\d+: a merge-conflict marker/);
    expect(code).toBe(1);
    expect((await lint(dir, "no-such-ref")).code).toBe(2);
  });
});

function ensureIdeaText(text: string, lag: number): string {
  // A person (or another tool) proposes the same thing under a new id: the fingerprint gives it away.
  const doc = parseIdeas(text);
  const block = `### I-0002 — Message queue between collectors and db01\n\n- Fingerprint: \`collectors-queue\`\n\n#### Status\n\n- 2026-11-25 · proposed by research\n\n#### Evidence\n\n- 2026-11-25 · ingest-lag = ${lag} s — collectors wait ${lag} s\n`;
  return `${doc.text}\n${block}`;
}
