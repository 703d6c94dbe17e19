/**
 * Fan-out benchmark: the host probe on N = 8, 64, 256 loopback SSH hosts (ssh2 servers with a
 * 20 ms delay per command), Rounds against `ansible all -m shell` (forks = concurrency) and
 * parallel-ssh (-p = concurrency), the same script for all. Not part of the test suite.
 *
 *   npx tsx bench/fan-out.ts [--sizes 8,64,256] [--runs 3] [--concurrency 16] [--write]
 *
 * --write puts the table into BENCHMARKS.md under "## Fan-out". Needs the Debian packages ansible
 * and pssh.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { hostProbeScript } from "../src/core/probes/host-probe-script.ts";
import { generateKeyPair } from "../test/support/ssh2-server.ts";
import { runTool, TOOLS, type Fleet, type ToolName } from "./fan-out-tools.ts";
import { renderFanOut, writeSection, type Row } from "./fan-out-report.ts";

const { values } = parseArgs({ options: {
  sizes: { type: "string", default: "8,64,256" }, runs: { type: "string", default: "3" },
  concurrency: { type: "string", default: "16" }, delay: { type: "string", default: "20" },
  tools: { type: "string", default: TOOLS.join(",") }, write: { type: "boolean", default: false },
} });
const sizes = values.sizes.split(",").map(Number);
const runs = Number(values.runs);
const concurrency = Number(values.concurrency);
const delayMs = Number(values.delay);
const tools = values.tools.split(",") as ToolName[];
const ROOT = fileURLToPath(new URL("..", import.meta.url));

async function startFleet(count: number, publicKey: string): Promise<{ hosts: { port: number; hostKey: string }[]; stop: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "bench/fleet.ts"), String(count), String(delayMs), publicKey], { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] });
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const work = mkdtempSync(join(tmpdir(), "rounds-bench-"));
const key = generateKeyPair();
const keyFile = join(work, "id_ed25519");
writeFileSync(keyFile, key.privateKey, { mode: 0o600 });
const script = hostProbeScript({ docker: false, systemd: true });
const rows: Row[] = [];
try {
  for (const size of sizes) {
    const { hosts, stop } = await startFleet(size, key.publicKey);
    const dir = join(work, String(size));
    mkdirSync(dir);
    const fleet: Fleet = { dir, hosts, keyFile, privateKey: key.privateKey, script, concurrency };
    const times: Partial<Record<ToolName, number[]>> = {};
    const extra: Row["rounds"] = { fanOutMs: [] };
    try {
      for (let run = 0; run < runs; run++) {
        for (const tool of tools) {
          const result = await runTool(tool, fleet, run);
          if (result.succeeded !== size) throw new Error(`${tool} at N=${size}: ${result.succeeded}/${size} hosts succeeded: ${result.detail}`);
          (times[tool] ??= []).push(result.wallMs);
          if (result.fanOutMs !== undefined) extra.fanOutMs.push(result.fanOutMs);
          process.stderr.write(`N=${size} run ${run + 1}/${runs} ${tool}: ${(result.wallMs / 1000).toFixed(2)} s\n`);
        }
      }
    } finally {
      stop();
    }
    rows.push({ size, medians: Object.fromEntries(Object.entries(times).map(([t, xs]) => [t, median(xs)])), rounds: { fanOutMs: [median(extra.fanOutMs)] } });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const table = renderFanOut(rows, { runs, concurrency, delayMs, cpus: cpus().length, node: process.version });
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
