/**
 * Fan-out benchmark: the host probe on N = 8, 64, 256 loopback SSH hosts (ssh2 servers with a
 * 20 ms delay per command), Rounds against `ansible all -m shell` (forks = concurrency) and
 * parallel-ssh (-p = concurrency), the same script for all. Not part of the test suite.
 *
 *   npx tsx bench/fan-out.ts [--sizes 8,64,256] [--runs 3] [--concurrency 16] [--fleet-processes 4] [--write]
 *
 * --write puts the table into BENCHMARKS.md under "## Fan-out". Needs the Debian packages ansible
 * and pssh.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { hostProbeScript } from "../src/core/probes/host-probe-script.ts";
import { generateKeyPair } from "../test/support/ssh2-server.ts";
import { buildBundle, runTool, TOOLS, type Fleet, type ToolName } from "./fan-out-tools.ts";
import { renderFanOut, writeSection, type Row } from "./fan-out-report.ts";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "8,64,256" },
    runs: { type: "string", default: "3" },
    concurrency: { type: "string", default: "16" },
    delay: { type: "string", default: "20" },
    tools: { type: "string", default: TOOLS.join(",") },
    write: { type: "boolean", default: false },
    "fleet-processes": { type: "string", default: "4" },
  },
});
const sizes = values.sizes.split(",").map(Number);
const runs = Number(values.runs);
const concurrency = Number(values.concurrency);
const delayMs = Number(values.delay);
const tools = values.tools.split(",") as ToolName[];
const fleetProcesses = Number(values["fleet-processes"]);
const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** One fleet process per share of the hosts: real hosts do not share one event loop either. */
async function startFleetProcess(count: number, publicKey: string): Promise<{ hosts: { port: number; hostKey: string }[]; stop: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "bench/fleet.ts"), String(count), String(delayMs), publicKey], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes("\n")) resolve(buffer.split("\n")[0]!);
    });
    child.once("exit", (code) => reject(new Error(`fleet exited with ${code}`)));
  });
  return { hosts: JSON.parse(line) as { port: number; hostKey: string }[], stop: () => child.stdin!.end() };
}

async function startFleet(count: number, publicKey: string) {
  const shares = Array.from({ length: Math.min(fleetProcesses, count) }, (_, i) => Math.floor((count + i) / Math.min(fleetProcesses, count)));
  const parts = await Promise.all(shares.map((n) => startFleetProcess(n, publicKey)));
  return { hosts: parts.flatMap((p) => p.hosts), stop: () => parts.forEach((p) => p.stop()) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const startLoad = loadavg()
  .map((l) => l.toFixed(1))
  .join(", ");
const work = mkdtempSync(join(tmpdir(), "rounds-bench-"));
const key = generateKeyPair();
const keyFile = join(work, "id_ed25519");
writeFileSync(keyFile, key.privateKey, { mode: 0o600 });
const script = hostProbeScript({ docker: false, systemd: true });
if (tools.includes("rounds-bundled")) await buildBundle();
const rows: Row[] = [];
const notes: string[] = [];
try {
  for (const size of sizes) {
    const { hosts, stop } = await startFleet(size, key.publicKey);
    const dir = join(work, String(size));
    mkdirSync(dir);
    const fleet: Fleet = { dir, hosts, keyFile, privateKey: key.privateKey, script, concurrency };
    const wall: Partial<Record<ToolName, number[]>> = {};
    const cpu: Partial<Record<ToolName, number[]>> = {};
    const fanOut: number[] = [];
    try {
      for (let run = 0; run < runs; run++) {
        for (const tool of tools) {
          const result = await runTool(tool, fleet, run);
          // A tool that fails on some hosts is a result too: it goes under the table, not into a crash.
          if (result.succeeded !== size)
            notes.push(
              `${tool}, ${size} hosts, run ${run + 1}: ${result.succeeded}/${size} succeeded — ${result.detail.replace(/\s+/g, " ").trim().slice(0, 300)}`,
            );
          (wall[tool] ??= []).push(result.wallMs);
          (cpu[tool] ??= []).push(result.cpuMs);
          if (result.fanOutMs !== undefined) fanOut.push(result.fanOutMs);
          process.stderr.write(
            `N=${size} run ${run + 1}/${runs} ${tool}: ${(result.wallMs / 1000).toFixed(2)} s wall, ${(result.cpuMs / 1000).toFixed(2)} s CPU\n`,
          );
        }
      }
    } finally {
      stop();
    }
    const medians = (by: Partial<Record<ToolName, number[]>>) => Object.fromEntries(Object.entries(by).map(([t, xs]) => [t, median(xs)]));
    rows.push({ size, wall: medians(wall), cpu: medians(cpu), fanOutMs: fanOut.length > 0 ? median(fanOut) : undefined });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const table = renderFanOut(rows, { runs, concurrency, delayMs, cpus: cpus().length, node: process.version, load: startLoad }, notes);
process.stdout.write(`${table}\n`);
if (values.write) {
  const file = join(ROOT, "BENCHMARKS.md");
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {
    current = "# Benchmarks\n";
  }
  writeFileSync(file, writeSection(current, table));
}
