import { spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { toPostgresUrl } from "../../adapters/postgres-dsn.ts";
import type { OpsRepo } from "../../adapters/ops-repo.ts";
import type { Transport } from "../../adapters/ports.ts";
import type { OpsConfig } from "../../config/ops-config.ts";
import type { InventoryHost } from "../../config/schemas/inventory.ts";
import type { ChangePorts, MonotonicClock } from "../../executor/change-ports.ts";
import { queryInstant } from "../../probes/prometheus-probe.ts";
import { intentPath, writeState } from "./state-files.ts";

export interface ChangePortsOptions {
  config: OpsConfig;
  /** The operator transport. Opening it is what loads the operator key. */
  transport: Transport;
  repo: OpsRepo;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  clock: MonotonicClock;
  /** When the review's time budget ends, on `clock`. */
  deadline?: number;
}

/** The real ports for a change on one host: operator SSH, operator SQL, Prometheus, HTTP, the ops repo. */
export async function changePortsFor(host: InventoryHost, options: ChangePortsOptions): Promise<ChangePorts> {
  const { config, repo, env } = options;
  const session = await options.transport.open(host, "operator");
  const dsnEnv = host.probes.postgres?.operatorDsnEnv;
  const prometheus = host.probes.prometheus ?? config.inventory.hosts.find((h) => h.probes.prometheus)?.probes.prometheus;
  return {
    session,
    sql: dsnEnv && env[dsnEnv] ? (database, statement) => runSql(env[dsnEnv]!, database, statement) : undefined,
    prometheus: prometheus ? async (query) => (await queryInstant(prometheus.url, query)).map((s) => s.value) : undefined,
    httpStatus: async (url) => {
      const answer = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: "manual" }).catch(() => undefined);
      return answer?.status ?? null;
    },
    recordIntent: async (intent) => {
      await repo.update(
        `Intent: ${intent.action.playbook} on ${intent.action.host} (${intent.id})\n\nCommitted before apply, so an interrupted run is reconciled by the next one.`,
        async (dir) => [await writeState(dir, intentPath(intent.id), intent)],
      );
    },
    engageKillSwitch: async (reason) => {
      const file = config.guardrails.killSwitch.file;
      await repo.update(`Kill switch engaged: ${reason.slice(0, 60)}\n\n${reason}`, async (dir) => {
        await writeFile(
          join(dir, file),
          `Engaged by Rounds at ${options.now().toISOString()}.\n\n${reason}\n\nEvery change is stopped while this file exists. Remove it in a reviewed pull request to resume.\n`,
        );
        return [file];
      });
    },
    shellSyntax: async (command) => {
      const result = spawnSync("sh", ["-n"], { input: command, encoding: "utf8" });
      return result.status === 0 ? undefined : result.stderr.trim() || `sh -n exited ${result.status}`;
    },
    now: options.now,
    clock: options.clock,
    ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
    // The transport's command timeout, plus room for an SQL statement's own (STATEMENT_TIMEOUT_MS).
    stepTimeoutMs: Math.max(config.inventory.ssh.commandTimeoutMs, STATEMENT_TIMEOUT_MS) + 5_000,
  };
}

/** An operator statement's server-side limit; the client gives up a little after it, and on connect. */
const STATEMENT_TIMEOUT_MS = 120_000;

export async function runSql(dsn: string, database: string, statement: string): Promise<unknown[][]> {
  const url = new URL(toPostgresUrl(dsn));
  url.pathname = `/${database}`;
  const client = new pg.Client({
    connectionString: url.toString(),
    statement_timeout: STATEMENT_TIMEOUT_MS,
    query_timeout: STATEMENT_TIMEOUT_MS + 2_000,
    connectionTimeoutMillis: 10_000,
  });
  await client.connect();
  try {
    const result = await client.query({ text: statement, rowMode: "array" });
    const last = Array.isArray(result) ? result.at(-1) : result;
    return (last?.rows ?? []) as unknown[][];
  } finally {
    await client.end();
  }
}
