import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { GUARDRAILS_FILE } from "../config/ops-config.ts";
import { guardrailsSchema } from "../config/schemas/guardrails.ts";
import { validateYaml } from "../config/validate-schema.ts";
import { LEDGER_FILES, formatProblem, formatViolation, lintLedgers } from "../core/ledger/index.ts";
import { UsageError } from "../errors.ts";
import { EXIT, type JobIO } from "../runner.ts";

/**
 * `rounds lint`: the working tree's ledgers against REF (default: the merge base with the default
 * branch). Exit 1 when a ledger is damaged or a ledger rule is broken. The re-pitch factor comes
 * from REF's guardrails.yml: a pull request cannot loosen the rule it is checked against.
 */
export async function lintJob(options: { ops: string; base?: string }, io: Pick<JobIO, "print" | "progress">): Promise<number> {
  const git = simpleGit(options.ops);
  if (!(await git.checkIsRepo().catch(() => false)))
    throw new UsageError(`${options.ops} is not a git repository; rounds lint compares the ledgers with a git revision`);
  const { sha: base, what } =
    options.base === undefined ? await mergeBaseWithDefault(git) : { sha: await verifyRef(git, options.base), what: `--base ${options.base}` };
  const pairs = await Promise.all(
    LEDGER_FILES.map(async (file) => ({ file, before: await show(git, base, file), after: await readWorkingFile(options.ops, file) })),
  );
  const { problems, violations } = lintLedgers(pairs, await materialChangeFactor(git, base, io));
  for (const problem of problems) io.print(formatProblem(problem));
  for (const violation of violations) io.print(formatViolation(violation));
  if (problems.length + violations.length > 0) {
    io.progress(`rounds lint: ${problems.length} problem(s), ${violations.length} rule violation(s) against ${base.slice(0, 12)} (${what})`);
    return EXIT.refused;
  }
  io.print(`ok: ${LEDGER_FILES.join(", ")} against ${base.slice(0, 12)} (${what})`);
  return EXIT.ok;
}

/** The merge base of HEAD with the default branch, and which branch that was (said in the output). */
async function mergeBaseWithDefault(git: SimpleGit): Promise<{ sha: string; what: string }> {
  const origin = await git.revparse(["--abbrev-ref", "origin/HEAD"]).catch(() => undefined);
  const candidates = [origin, "main", "master"];
  for (const branch of candidates) {
    if (!branch || branch === "origin/HEAD") continue;
    const base = await git.raw(["merge-base", "HEAD", branch]).catch(() => "");
    const source =
      branch === origin
        ? `the merge base of HEAD with ${branch}`
        : `the merge base of HEAD with the local ${branch}${origin && origin !== "origin/HEAD" ? "" : ": there is no origin"}`;
    if (base.trim()) return { sha: base.trim(), what: source };
  }
  throw new UsageError("cannot find the default branch (origin/HEAD, main or master) to compare with; pass --base REF");
}

async function verifyRef(git: SimpleGit, ref: string): Promise<string> {
  const sha = await git.revparse(["--verify", "--quiet", `${ref}^{commit}`]).catch(() => "");
  if (!sha.trim()) throw new UsageError(`--base ${ref} is not a commit in this repository`);
  return sha.trim();
}

async function show(git: SimpleGit, ref: string, file: string): Promise<string | undefined> {
  return git.show([`${ref}:${file}`]).catch(() => undefined);
}

async function readWorkingFile(dir: string, file: string): Promise<string | undefined> {
  return readFile(join(dir, file), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
}

async function materialChangeFactor(git: SimpleGit, base: string, io: Pick<JobIO, "progress">): Promise<number> {
  const fallback = guardrailsSchema.shape.materialChangeFactor.parse(undefined);
  const text = await show(git, base, GUARDRAILS_FILE);
  const factor = text === undefined ? undefined : validateYaml(GUARDRAILS_FILE, text, guardrailsSchema).value?.materialChangeFactor;
  if (factor === undefined) io.progress(`rounds lint: no valid ${GUARDRAILS_FILE} at ${base.slice(0, 12)}; using materialChangeFactor ${fallback}`);
  return factor ?? fallback;
}
