import { createHash, randomBytes } from "node:crypto";
import type { HostSession } from "../adapters/ports.ts";
import { REMOVED_MARK, SCRIPT_NAME_PATTERN, TOKEN_PATTERN, makeTempDirCommand, scriptPath, tempScriptCommands } from "../core/probes/temp-script-commands.ts";
import { redactText } from "../log.ts";

/** What the ledger records about one temporary diagnostic script. */
export interface TempScriptRecord {
  host: string;
  script: string;
  /** sha256 of the uploaded content, so the ledger names exactly what ran. */
  sha256: string;
  dir: string | null;
  uploaded: boolean;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** `rm -rf` of the directory succeeded. */
  removed: boolean;
  /** A separate command afterwards found the directory gone. */
  removalVerified: boolean;
  durationMs: number;
  error?: string;
}

const KEEP_CHARS = 8_000;
const clip = (text: string) => (text.length > KEEP_CHARS ? `${text.slice(0, KEEP_CHARS)}\n… (${text.length - KEEP_CHARS} more characters)` : text);

/** 16 characters of [a-z0-9]; the bias of `% 36` is irrelevant for a directory name. */
function randomToken(): string {
  return [...randomBytes(16)].map((b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("");
}

/**
 * Uploads a script over SFTP into a fresh private directory, runs it, removes the directory and
 * verifies the removal with a separate command. Never throws: every outcome, a failed removal
 * included, is in the record. The observer identity may run only the catalogue's diagnostic
 * scripts (the session refuses anything else); the operator identity may run any script.
 */
export async function runTempScript(
  session: HostSession,
  script: { name: string; content: string },
  options: { timeoutMs?: number; token?: string } = {},
): Promise<TempScriptRecord> {
  const started = performance.now();
  const token = options.token ?? randomToken();
  const record: TempScriptRecord = {
    host: session.host,
    script: script.name,
    sha256: createHash("sha256").update(script.content).digest("hex"),
    dir: null,
    uploaded: false,
    exitCode: null,
    stdout: "",
    stderr: "",
    removed: false,
    removalVerified: false,
    durationMs: 0,
  };
  const timeout = options.timeoutMs === undefined ? undefined : { timeoutMs: options.timeoutMs };
  try {
    if (!SCRIPT_NAME_PATTERN.test(script.name) || !TOKEN_PATTERN.test(token)) throw new Error(`bad script name "${script.name}" or token`);
    const made = await session.exec(makeTempDirCommand(token), timeout);
    if (made.code !== 0) throw new Error(`mkdir failed (exit ${made.code}): ${made.stderr.trim()}`);
    record.dir = made.stdout.trim();
    await session.writeFile(scriptPath(record.dir, script.name), script.content, 0o700);
    record.uploaded = true;
    const ran = await session.exec(tempScriptCommands(record.dir, script.name).run, timeout);
    Object.assign(record, { exitCode: ran.code, stdout: clip(ran.stdout), stderr: clip(ran.stderr) });
  } catch (error) {
    record.error = redactText(error instanceof Error ? error.message : String(error));
  } finally {
    if (record.dir) await remove(session, record, record.dir, timeout);
    record.durationMs = performance.now() - started;
  }
  return record;
}

async function remove(session: HostSession, record: TempScriptRecord, dir: string, timeout: { timeoutMs: number } | undefined) {
  const commands = tempScriptCommands(dir, record.script);
  try {
    record.removed = (await session.exec(commands.remove, timeout)).code === 0;
    record.removalVerified = (await session.exec(commands.verifyRemoved, timeout)).stdout.trim() === REMOVED_MARK;
  } catch (error) {
    const message = redactText(error instanceof Error ? error.message : String(error));
    record.error = record.error ? `${record.error}; removal: ${message}` : `removal: ${message}`;
  }
}
