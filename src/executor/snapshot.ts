import type { Step } from "../config/schemas/playbook.ts";
import type { Backup, StepOutcome } from "../core/change/change-record.ts";
import { shellQuote } from "../core/policy/render.ts";
import type { ChangePorts } from "./change-ports.ts";

const SHA = /^([0-9a-f]{64})\s/;

async function sha256(path: string, ports: ChangePorts): Promise<string | undefined> {
  const result = await ports.session.exec(`sha256sum ${shellQuote(path)}`);
  return result.code === 0 ? SHA.exec(result.stdout)?.[1] : undefined;
}

/** Copies a file aside into the change's snapshot directory and proves the copy equals the original. */
export async function takeBackups(path: string, snapshotDir: string, backups: Backup[], ports: ChangePorts): Promise<StepOutcome> {
  const copy = `${snapshotDir}/backup-${backups.length + 1}`;
  const text = `backup ${path} → ${copy}`;
  const made = await ports.session.exec(`mkdir -p ${shellQuote(snapshotDir)} && cp -a ${shellQuote(path)} ${shellQuote(copy)}`);
  if (made.code !== 0) return { stage: "snapshot", text, ok: false, detail: (made.stderr || made.stdout).trim() || `exit ${made.code}` };
  const [original, copied] = [await sha256(path, ports), await sha256(copy, ports)];
  if (!original || original !== copied)
    return { stage: "snapshot", text, ok: false, detail: `checksums differ (original ${original ?? "unreadable"}, copy ${copied ?? "unreadable"})` };
  backups.push({ path, copy, sha256: original });
  return { stage: "snapshot", text, ok: true, detail: `sha256 ${original.slice(0, 16)}…` };
}

/**
 * Checked before apply: every snapshot copy still exists with the checksum of what it copied, and
 * every rollback command — and every apply command, so a change never stops half-way on a typo —
 * passes a syntax check.
 */
export async function checkRollback(rollback: Step[], backups: Backup[], ports: ChangePorts, apply: Step[] = []): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (const backup of backups) {
    const now = await sha256(backup.copy, ports);
    outcomes.push(
      now === backup.sha256
        ? { stage: "check", text: `snapshot ${backup.copy} matches ${backup.path}`, ok: true }
        : { stage: "check", text: `snapshot ${backup.copy}`, ok: false, detail: now ? "checksum changed since it was taken" : "missing" },
    );
  }
  for (const step of apply) {
    if (!("ssh" in step)) continue;
    const problem = await ports.shellSyntax(step.ssh);
    if (problem !== undefined) outcomes.push({ stage: "check", text: `apply syntax: ${step.ssh}`, ok: false, detail: problem });
  }
  for (const step of rollback) {
    if ("ssh" in step) {
      const problem = await ports.shellSyntax(step.ssh);
      outcomes.push({ stage: "check", text: `rollback syntax: ${step.ssh}`, ok: problem === undefined, detail: problem });
    } else if ("sql" in step) {
      const problem = sqlBalance(step.sql);
      outcomes.push({ stage: "check", text: `rollback SQL quoting: ${step.sql}`, ok: problem === undefined, detail: problem });
    }
  }
  return outcomes;
}

/** After a rollback: every backed-up file is byte-identical to its snapshot again. */
export async function verifyRestored(backups: Backup[], ports: ChangePorts): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (const backup of backups) {
    const now = await sha256(backup.path, ports);
    outcomes.push({
      stage: "restored",
      text: `${backup.path} equals its snapshot`,
      ok: now === backup.sha256,
      detail: now === backup.sha256 ? undefined : `sha256 ${now ?? "unreadable"} ≠ ${backup.sha256}`,
    });
  }
  return outcomes;
}

/**
 * PostgreSQL has no parse-only mode for arbitrary statements, so a SQL rollback is checked for what
 * breaks most often: unbalanced quotes, dollar quotes and parentheses.
 */
export function sqlBalance(sql: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      if (end < 0) return `unterminated ${c} quote`;
      i = end;
    } else if (c === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        const end = sql.indexOf(tag, i + tag.length);
        if (end < 0) return `unterminated ${tag} quote`;
        i = end + tag.length - 1;
      }
    } else if (c === "(") depth++;
    else if (c === ")" && --depth < 0) return "unbalanced parentheses";
  }
  return depth === 0 ? undefined : "unbalanced parentheses";
}
