import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { EXIT, processIO, runJob, type JobIO } from "./runner.ts";
import { UsageError } from "./errors.ts";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

/** Parses an `--at`/`--now` value; a bad time is a usage error, not a silent "now". */
function parseTime(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`"${value}" is not an ISO-8601 time (e.g. 2026-11-25T21:30:00Z)`);
  return date;
}

// Jobs are imported when their command runs: `rounds check` need not load Probot, ssh2 or remark,
// and start-up is a real share of a round's wall time (see BENCHMARKS.md, fan-out).
const jobs = {
  check: () => import("./jobs/check.ts"),
  explain: () => import("./jobs/explain.ts"),
  init: () => import("./jobs/init.ts"),
  lint: () => import("./jobs/lint.ts"),
  observe: () => import("./jobs/observe.ts"),
  review: () => import("./jobs/review.ts"),
  weekly: () => import("./jobs/cadence/weekly.ts"),
  research: () => import("./jobs/cadence/research.ts"),
  demo: () => import("./jobs/demo.ts"),
  serve: () => import("./jobs/serve.ts"),
  event: () => import("./jobs/event.ts"),
  attended: () => import("./jobs/attended/apply-approved.ts"),
};

/** Builds the command tree. Every action only parses its arguments and calls one job. */
export function buildProgram(io: JobIO, setExit: (code: number) => void): Command {
  const run = (job: () => Promise<number | void>) => runJob(job, io).then(setExit);
  const program = new Command("rounds")
    .description("Runs the daily rounds of a fleet inside the trust boundary written in the ops repo.")
    .version(version)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.print(s.trimEnd()), writeErr: (s) => io.progress(s.trimEnd()) });
  const ops = () => new Option("--ops <dir>", "the ops repository").default(".");

  program
    .command("init")
    .argument("[dir]", "where to create the ops repository", ".")
    .description("create an ops repository from the template, as a git repository with a first commit")
    .action((dir: string) => run(async () => (await jobs.init()).initJob(dir, io)));

  program
    .command("check")
    .addOption(ops())
    .option("--freshness", "also fail when no review entry was committed within guardrails.freshnessHours")
    .description("validate guardrails.yml, inventory.yml and playbooks/, and audit every playbook")
    .action((o: { ops: string; freshness?: boolean }) => run(async () => (await jobs.check()).checkJob(o, io)));

  program
    .command("explain")
    .argument("<playbook>", "playbook id")
    .requiredOption("--host <host>", "target host")
    .addOption(ops())
    .option("--at <iso-time>", "decide as of this time (default: now)")
    .option("--param <name=value...>", "parameter values", [])
    .option("--attended <pr:commit>", "decide as an attended change approved by this merged PR")
    .description("show the policy decision for running a playbook on a host, with every reason")
    .action((playbook: string, o: { host: string; ops: string; at?: string; param: string[]; attended?: string }) =>
      run(async () => (await jobs.explain()).explainJob({ ...o, playbook, at: o.at === undefined ? io.now() : parseTime(o.at) }, io)),
    );

  program
    .command("lint")
    .addOption(ops())
    .option("--base <ref>", "compare with this revision (default: the merge base with the default branch)")
    .description("check CHANGELOG.md, BACKLOG.md and IDEAS.md: readable, and no ledger rule broken since --base")
    .action((o: { ops: string; base?: string }) => run(async () => (await jobs.lint()).lintJob(o, io)));

  program
    .command("observe")
    .addOption(ops())
    .option("--json", "print the observations as JSON instead of a table per host")
    .option("--record", "also write today's compact record to state/observations/ and commit it (never over a reviewed one)")
    .option("--now <iso-time>", "observe as of this time: the record's day and time (default: now)")
    .description("observe the fleet read-only (hosts, Prometheus, PostgreSQL, checks) and print what was seen")
    .action((o: { ops: string; json?: boolean; record?: boolean; now?: string }) =>
      run(async () => (await jobs.observe()).observeJob({ ...o, now: o.now === undefined ? undefined : parseTime(o.now) }, io)),
    );

  program
    .command("review")
    .addOption(ops())
    .addOption(
      new Option(
        "--cadence <cadence>",
        "which round: daily (observe, fix at most one thing), weekly (deep-dive: re-rank, audit, deltas), research (propose ideas, touch nothing)",
      )
        .choices(["daily", "weekly", "research"])
        .default("daily"),
    )
    .option("--dry-run", "observe and decide, print the entry it would write; change nothing, write nothing")
    .option("--now <iso-time>", "run as of this time (default: now)")
    .description("the rounds: observe, find, apply at most one safe change, and commit the receipts to the ops repo")
    .action((o: { ops: string; cadence: "daily" | "weekly" | "research"; dryRun?: boolean; now?: string }) =>
      run(async () => {
        const options = { ops: o.ops, dryRun: o.dryRun ?? false, now: o.now === undefined ? io.now() : parseTime(o.now) };
        if (o.cadence === "weekly") await (await jobs.weekly()).weeklyJob(options, io);
        else if (o.cadence === "research") await (await jobs.research()).researchJob(options, io);
        else await (await jobs.review()).reviewJob(options, io);
      }),
    );

  program
    .command("serve")
    .description("run the GitHub App as a web server (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT from the environment)")
    .action(() =>
      run(async () => {
        const { attendedRunner } = await jobs.attended();
        return (await jobs.serve()).serveJob(io, { changes: (dir) => attendedRunner({ dir, io }) });
      }),
    );

  program
    .command("event")
    .description("handle the webhook event of the GitHub Actions run (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_TOKEN)")
    .action(() =>
      run(async () => {
        const { attendedRunner } = await jobs.attended();
        return (await jobs.event()).eventJob(io, { changes: (dir) => attendedRunner({ dir, io }) });
      }),
    );

  program
    .command("demo")
    .option("--dir <dir>", "where to build the lab (default: a new temporary directory)")
    .description("run three days of rounds against an embedded lab (in-process SSH hosts, PostgreSQL, a local ops repo)")
    .action((o: { dir?: string }) => run(async () => (await jobs.demo()).demoJob(o, io)));

  return program;
}

export async function main(argv: string[], io: JobIO = processIO()): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof UsageError) {
      io.progress(`rounds: ${error.message}`);
      return EXIT.usage;
    }
    throw error;
  }
  return code;
}
