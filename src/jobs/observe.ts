import { historyStore } from "../adapters/history-store.ts";
import { OpsRepo } from "../adapters/ops-repo.ts";
import { createSshTransport } from "../adapters/ssh-transport.ts";
import { requireOpsConfig, workingTree } from "../config/load-ops-config.ts";
import { compactRun } from "../core/history/history-record.ts";
import { localTime } from "../core/policy/clock.ts";
import type { JobIO } from "../runner.ts";
import { formatObservationTables } from "./format-observations.ts";
import { observeFleet, type FleetProgress } from "./observe-fleet.ts";

export interface ObserveOptions {
  ops: string;
  json?: boolean;
  /**
   * Also write today's record to state/observations/ (never over a reviewed record of the day) and
   * commit it — pushed when the ops repo has an origin — so a fresh ops repo is seeded without hand commits.
   */
  record?: boolean;
  /** Observe as of this time: the day of the record and the time observations carry (default: now). */
  now?: Date;
}

function progressLine(p: FleetProgress): string {
  const count = p.done !== undefined && p.total !== undefined ? `[${p.done}/${p.total}] ` : "";
  return `${count}${p.probe} ${p.target}: ${p.outcome} (${(p.durationMs / 1000).toFixed(1)} s)`;
}

/**
 * `rounds observe`: observes the whole fleet read-only and prints it — one table per host, or JSON
 * with --json — with a progress line per host on stderr while it runs. Faults are printed like any
 * observation; the exit code is 0 once the round completed, whatever it saw.
 */
export async function observeJob(options: ObserveOptions, io: JobIO): Promise<void> {
  const config = await requireOpsConfig(workingTree(options.ops));
  const clock = options.now === undefined ? io.now : () => options.now!;
  // Checked before observing: a record is never committed over a person's uncommitted edits.
  const repo = options.record ? await OpsRepo.open(options.ops) : undefined;
  await repo?.ensureClean();
  const transport = createSshTransport({ inventory: config.inventory, baseDir: options.ops, env: io.env });
  let result: Awaited<ReturnType<typeof observeFleet>>;
  try {
    result = await observeFleet({ config, env: io.env, transport, now: clock, onProgress: (p) => io.progress(progressLine(p)) });
  } finally {
    await transport.close();
  }
  if (repo) {
    const now = clock();
    const day = localTime(now, config.guardrails.timezone).date;
    const record = compactRun(result.observations, { day, at: now.toISOString(), reviewed: false });
    let kept: string | undefined;
    const { changed, sha } = await repo.update(`Observation record ${day} (rounds observe --record)`, async (dir) => {
      const { file, written } = await historyStore(dir).ensureRecord(record);
      kept = written ? undefined : file;
      return written ? [file] : [];
    });
    io.progress(
      kept !== undefined
        ? `kept ${kept}: the day's reviewed record is not replaced by a bare observe`
        : changed
          ? `recorded state/observations/${day}.json (commit ${sha?.slice(0, 7)})`
          : `state/observations/${day}.json is already this record`,
    );
  }
  if (options.json) {
    io.print(JSON.stringify({ observations: result.observations, overhead: result.overhead }, null, 2));
    return;
  }
  for (const line of formatObservationTables(result.observations)) io.print(line);
  const { ssh: s, wallMs } = result.overhead;
  io.print(
    `observed ${s.hosts} hosts over ${s.connections} SSH connections (${s.commands} commands) and ${result.overhead.probes.length} other probe targets in ${(wallMs / 1000).toFixed(1)} s`,
  );
}
