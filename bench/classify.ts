// Classification speed (issue 10, item 10): the parsers side by side with the alternative that was
// not chosen, the classifier on the template catalogue and on a 1,000-step catalogue, and the cold
// start of `rounds check` with and without the parsers. Run: npx tsx bench/classify.ts
// Prints Markdown for BENCHMARKS.md.
import { execFileSync } from "node:child_process";
import { cp, mkdtemp } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadParsers } from "../src/adapters/parsers.ts";
import { parseShell } from "../src/adapters/shell-parser.ts";
import type { PlaybookStep, Step } from "../src/config/schemas/playbook.ts";
import { auditPlaybooks } from "../src/core/policy/audit-playbooks.ts";
import { classifySteps } from "../src/core/policy/classify-step.ts";
import { HOSTILE_EXAMPLES } from "../test/support/hostile-examples.ts";
import { loadTemplateConfig, TEMPLATE } from "../test/support/template.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function time(rounds: number, work: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    work();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

// The 1,000-step catalogue: the hostile steps and the template's own steps, cycled.
const config = await loadTemplateConfig();
const templateSteps: PlaybookStep[] = config.playbooks.flatMap((p) => [...p.steps.snapshot, ...p.steps.apply, ...p.steps.verify, ...p.steps.rollback]);
const hostileSteps: PlaybookStep[] = HOSTILE_EXAMPLES.map((e) => (e.sql ? { sql: e.step, database: "market" } : { ssh: e.step, as: "operator" as const }));
// Placeholders get a plain value, as rendering would give them.
const fill = (value: unknown): unknown =>
  typeof value === "string"
    ? value.replace(/\{\{[^}]*\}\}/g, "ollama")
    : typeof value === "object" && value !== null
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]))
      : value;
// (A restart step is rendered to its ssh command before classification; the bench classifies commands.)
const pool = [...templateSteps, ...hostileSteps].filter((s): s is Step => !("restart" in s)).map((s) => fill(s) as Step);
const catalogue = Array.from({ length: 1000 }, (_, i) => pool[i % pool.length]!);
const shellSources = catalogue.flatMap((s) => ("ssh" in s ? [s.ssh] : []));
const sqlSources = catalogue.flatMap((s) => ("sql" in s ? [s.sql] : []));

const parsers = await loadParsers();
const { Parser, Language } = require("web-tree-sitter") as typeof import("web-tree-sitter");
await Parser.init();
const treeSitter = new Parser();
treeSitter.setLanguage(await Language.load(join(ROOT, "node_modules/tree-sitter-bash/tree-sitter-bash.wasm")));
const mvdan = (require("mvdan-sh") as { syntax: { NewParser(): { Parse(src: string, name: string): unknown } } }).syntax;
const raw = mvdan.NewParser();

const tryParse = (f: () => unknown) => {
  try {
    f();
  } catch {
    // a step the parser rejects costs its time all the same
  }
};
const ROUNDS = 7;
const peer = {
  mvdanRaw: time(ROUNDS, () => shellSources.forEach((s) => tryParse(() => raw.Parse(s, "step")))),
  mvdanModel: time(ROUNDS, () => shellSources.forEach((s) => tryParse(() => parseShell(s)))),
  treeSitter: time(ROUNDS, () => shellSources.forEach((s) => treeSitter.parse(s)?.delete())),
  libpgQuery: time(ROUNDS, () => sqlSources.forEach((s) => tryParse(() => parsers.sql(s)))),
};

const host = { isStateless: (s: string) => s === "ollama", known: () => true, processFor: () => undefined };
const classified = time(ROUNDS, () => classifySteps(catalogue, { paths: ["/srv/app/conf"] }, "/var/lib/rounds/snapshots/pending", host, parsers));
const audit = time(ROUNDS * 3, () => auditPlaybooks(config, parsers));

// Cold starts, each in a fresh process: the CLI alone, the parsers alone, and `rounds check`.
const ops = join(await mkdtemp(join(tmpdir(), "rounds-bench-")), "ops");
await cp(TEMPLATE, ops, { recursive: true });
const cold = (args: string[]) =>
  median(
    Array.from({ length: 5 }, () => {
      const start = process.hrtime.bigint();
      execFileSync(process.execPath, args, { cwd: ROOT, stdio: "ignore", env: { ...process.env, ROUNDS_STOP: "" } });
      return Number(process.hrtime.bigint() - start) / 1e6;
    }),
  );
const bin = join(ROOT, "bin/rounds.js");
const coldCli = cold([bin, "--version"]);
const coldCheck = cold([bin, "check", "--ops", ops]);
const coldParsers = cold([
  "--import",
  "tsx",
  "-e",
  "const { loadParsers } = await import('./src/adapters/parsers.ts'); const p = await loadParsers(); p.shell('true'); p.sql('SELECT 1');",
]);
const coldTsx = cold(["--import", "tsx", "-e", "0"]);

const us = (ms: number, n: number) => `${((ms * 1000) / n).toFixed(0)} µs`;
console.log(
  `Node ${process.version}, ${shellSources.length} shell and ${sqlSources.length} SQL steps (the 1,000-step catalogue), median of ${ROUNDS} rounds.\n`,
);
console.log("| parser (same steps, same run) | whole catalogue | per step | ratio to mvdan-sh |");
console.log("|---|---:|---:|---:|");
console.log(`| mvdan-sh, parse only | ${peer.mvdanRaw.toFixed(1)} ms | ${us(peer.mvdanRaw, shellSources.length)} | 1.00 |`);
console.log(
  `| mvdan-sh + Rounds' model (src/adapters/shell-parser.ts) | ${peer.mvdanModel.toFixed(1)} ms | ${us(peer.mvdanModel, shellSources.length)} | ${(peer.mvdanModel / peer.mvdanRaw).toFixed(2)} |`,
);
console.log(
  `| web-tree-sitter + tree-sitter-bash, parse only | ${peer.treeSitter.toFixed(1)} ms | ${us(peer.treeSitter, shellSources.length)} | ${(peer.treeSitter / peer.mvdanRaw).toFixed(2)} |`,
);
console.log(`| libpg-query parse (the SQL steps) | ${peer.libpgQuery.toFixed(1)} ms | ${us(peer.libpgQuery, sqlSources.length)} | — |`);
console.log("\n| classification | time |\n|---|---:|");
console.log(`| 1,000-step catalogue, parse + classify every step | ${classified.toFixed(1)} ms (${us(classified, catalogue.length)} a step) |`);
console.log(
  `| template catalogue, \`rounds check\`'s audit (${config.playbooks.length} playbooks × every host × every parameter value) | ${audit.toFixed(1)} ms |`,
);
console.log("\n| cold start (fresh process, median of 5) | time |\n|---|---:|");
console.log(`| \`rounds --version\` (the CLI, no job) | ${coldCli.toFixed(0)} ms |`);
console.log(`| \`rounds check\` on the template | ${coldCheck.toFixed(0)} ms |`);
console.log(
  `| loading both parsers and parsing one step each (tsx start-up of ${coldTsx.toFixed(0)} ms taken off) | ${(coldParsers - coldTsx).toFixed(0)} ms |`,
);
console.log(`| \`rounds check\` without the parsers (the difference) | ~${(coldCheck - (coldParsers - coldTsx)).toFixed(0)} ms |`);
