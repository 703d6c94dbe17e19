import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../src/demo/free-port.ts";

/** A real Prometheus (Debian's `prometheus` package) on 127.0.0.1, with the test's own config. */
export interface TestPrometheus {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

export interface PrometheusLabOptions {
  /** Extra scrape jobs as YAML lines under `scrape_configs:`; the server always scrapes itself. */
  scrapeConfigs?: (selfAddress: string) => string;
  /** Rule files by name, as YAML text. */
  rules?: Record<string, string>;
  /** Extra rule-file globs, e.g. a directory a playbook installs rules into. */
  ruleGlobs?: string[];
}

/**
 * Starts Prometheus in the foreground with a 1 s scrape and evaluation interval and waits for
 * `/-/ready`. Its scrape manager only starts ~5 s after boot, so callers that need targets should
 * wait for them with `waitFor`.
 */
export async function startPrometheus(options: PrometheusLabOptions = {}): Promise<TestPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), "rounds-prom-"));
  const port = await freePort();
  const self = `127.0.0.1:${port}`;
  const ruleFiles = Object.entries(options.rules ?? {});
  for (const [name, text] of ruleFiles) await writeFile(join(dir, name), text);
  const config = [
    "global:",
    "  scrape_interval: 1s",
    "  evaluation_interval: 1s",
    "rule_files:",
    ...(ruleFiles.length + (options.ruleGlobs?.length ?? 0) > 0
      ? [...ruleFiles.map(([name]) => `  - ${join(dir, name)}`), ...(options.ruleGlobs ?? []).map((glob) => `  - ${glob}`)]
      : ["  []"]),
    "scrape_configs:",
    "  - job_name: prometheus",
    `    static_configs: [{ targets: ["${self}"] }]`,
    options.scrapeConfigs?.(self) ?? "",
  ].join("\n");
  await writeFile(join(dir, "prometheus.yml"), config);
  const child: ChildProcess = spawn(
    "prometheus",
    [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--web.listen-address=${self}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      "--web.enable-lifecycle",
      "--log.level=warn",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  // A test file that fails in its setup never calls stop(): do not leave Prometheus running after it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = `http://${self}`;
  const stop = async () => {
    process.off("exit", killOnExit);
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => (await fetch(`${url}/-/ready`)).ok,
      15_000,
      () => `prometheus did not become ready: ${stderr}`,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, stop };
}

/** Polls `probe` every 200 ms until it returns true; errors count as "not yet". */
export async function waitFor(probe: () => Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
