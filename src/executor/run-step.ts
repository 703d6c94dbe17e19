import type { Step } from "../config/schemas/playbook.ts";
import { describeStep } from "../core/policy/render.ts";
import type { StepOutcome } from "../core/change/change-record.ts";
import type { ChangePorts } from "./change-ports.ts";

const RETRY_MS = 5_000;

/**
 * Runs one rendered step and says whether it held. Never throws: a failure is an outcome. Every
 * step ends: it is raced against its own time limit on the monotonic clock (the transports have
 * their own command timeouts; this is the backstop), so a hung call fails the step instead of the run.
 */
export async function runStep(stage: StepOutcome["stage"], step: Step, ports: ChangePorts): Promise<StepOutcome> {
  const text = describeStep(step);
  const limitMs = ("prometheus" in step ? step.prometheus.within * 1000 : 0) + ports.stepTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`did not finish within ${Math.round(limitMs / 1000)} s (the step's time limit)`), limitMs);
  });
  try {
    const detail = await Promise.race([attempt(stage, step, ports), timeout]);
    return detail === undefined ? { stage, text, ok: true } : { stage, text, ok: false, detail };
  } catch (error) {
    return { stage, text, ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** undefined when the step held, else why not. */
async function attempt(stage: StepOutcome["stage"], step: Step, ports: ChangePorts): Promise<string | undefined> {
  if ("ssh" in step) {
    const result = await ports.session.exec(step.ssh);
    return result.code === 0 ? undefined : `exit ${result.code ?? "killed"}: ${(result.stderr || result.stdout).trim().slice(0, 300)}`;
  }
  if ("write" in step) {
    await ports.session.writeFile(step.write.path, step.write.content, Number.parseInt(step.write.mode, 8));
    return undefined;
  }
  if ("sql" in step) {
    if (!ports.sql) return "no operator PostgreSQL connection for this host (inventory: probes.postgres.operatorDsnEnv)";
    const rows = await ports.sql(step.database, step.sql);
    // A check must return a row; an apply statement (DDL, a function call) may return none.
    if (rows.length === 0) return stage === "verify" || stage === "restored" ? "the query returned no row" : undefined;
    return truthy(rows) ? undefined : `the query returned ${JSON.stringify(rows[0]?.[0])}`;
  }
  if ("prometheus" in step) {
    if (!ports.prometheus) return "no Prometheus endpoint in the inventory";
    const query = ports.prometheus;
    const { clock } = ports;
    const own = clock.now() + step.prometheus.within * 1000;
    // A verify waits for its own `within`, and never past the review's budget (its rollback still runs).
    const cut = stage === "verify" && ports.deadline !== undefined && ports.deadline < own;
    const deadline = cut ? ports.deadline! : own;
    for (;;) {
      const values = await query(step.prometheus.query);
      const problem =
        values.length === 0
          ? "the query matched no series"
          : values.every((v) => compare(v, step.prometheus.expect))
            ? undefined
            : `got ${values.join(", ")}, expected ${step.prometheus.expect}`;
      const left = deadline - clock.now();
      if (problem === undefined) return undefined;
      if (left <= 0)
        return step.prometheus.within > 0 ? `${problem} (still after ${cut ? "the review's time budget ran out" : `${step.prometheus.within} s`})` : problem;
      await clock.sleep(Math.min(RETRY_MS, left));
    }
  }
  if ("http" in step) {
    if (!ports.httpStatus) return "no HTTP client";
    const status = await ports.httpStatus(step.http.url);
    return status === step.http.expectStatus ? undefined : `status ${status ?? "none"}, expected ${step.http.expectStatus}`;
  }
  return `a ${Object.keys(step)[0]} step cannot run at this stage`;
}

/** A returned row holds when its first value is not false, 0 or null. */
function truthy(rows: unknown[][]): boolean {
  const first = rows[0]?.[0];
  return !(first === false || first === null || first === 0 || first === "0" || first === "f");
}

export function compare(value: number, expect: string): boolean {
  const match = /^(==|!=|>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)$/.exec(expect.trim());
  if (!match) return false;
  const target = Number(match[2]);
  switch (match[1]) {
    case "==":
      return value === target;
    case "!=":
      return value !== target;
    case ">=":
      return value >= target;
    case "<=":
      return value <= target;
    case ">":
      return value > target;
    default:
      return value < target;
  }
}
