/** How the fan-out benchmark drives each tool against the same fleet, with the same script. */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const TOOLS = ["rounds", "rounds-bundled", "pssh", "ansible", "ansible-raw"] as const;
export type ToolName = (typeof TOOLS)[number];

export interface Fleet {
  dir: string;
  hosts: { port: number; hostKey: string }[];
  keyFile: string;
  privateKey: string;
  script: string;
  concurrency: number;
}

export interface ToolResult {
  wallMs: number;
  /** User + system CPU of the tool and its children, on the runner. */
  cpuMs: number;
  /** Hosts on which the script ran and exited 0, by the tool's own report. */
  succeeded: number;
  detail: string;
  fanOutMs?: number;
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Inside node_modules so that ssh2 (left out of the bundle, with its native crypto) resolves. */
export const BUNDLE = join(ROOT, "node_modules/.cache/rounds-bench/observe-once.mjs");

/**
 * Rounds runs its TypeScript through tsx, which costs start-up time at every run; the bundle shows
 * what a build step would save (esbuild comes with tsx).
 */
export async function buildBundle(): Promise<void> {
  const { build } = await import("esbuild");
  await build({
    entryPoints: [join(ROOT, "bench/observe-once.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: BUNDLE,
    external: ["ssh2"],
    logLevel: "warning",
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
}
// The peers skip host key checking (the keys are fresh per run); Rounds pins every host's key.
const SSH_OPTIONS = ["StrictHostKeyChecking=no", "UserKnownHostsFile=/dev/null", "LogLevel=ERROR"];

/**
 * Runs a tool and measures its wall time and the CPU time of its whole process tree (bash's `times`
 * counts every descendant that was waited for: pssh's ssh processes, Ansible's forks).
 */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ wallMs: number; cpuMs: number; code: number | null; stdout: string; stderr: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const wrapper = '"$@"; code=$?; times >&2; exit $code';
    const child = spawn("bash", ["-c", wrapper, "bench", command, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => {
      const children = stderr.trimEnd().split("\n").at(-1) ?? "";
      const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
      resolve({ wallMs: performance.now() - started, cpuMs: seconds * 1000, code, stdout, stderr });
    });
  });
}

export async function runTool(tool: ToolName, fleet: Fleet, attempt: number): Promise<ToolResult> {
  const dir = join(fleet.dir, `${tool}-${attempt}`);
  mkdirSync(dir, { recursive: true });
  switch (tool) {
    case "rounds":
    case "rounds-bundled": {
      const inventory = {
        version: 1,
        ssh: { user: "rounds", observer: { keyEnv: "BENCH_OBSERVER_KEY" }, concurrency: fleet.concurrency },
        hosts: fleet.hosts.map((h, i) => ({ name: `h${i}`, address: "127.0.0.1", port: h.port, hostKey: h.hostKey, probes: { host: true, systemd: true } })),
      };
      writeFileSync(join(dir, "inventory.json"), JSON.stringify(inventory));
      const entry = tool === "rounds" ? ["--import", "tsx", "bench/observe-once.ts"] : [BUNDLE];
      const r = await run(process.execPath, [...entry, join(dir, "inventory.json")], { BENCH_OBSERVER_KEY: fleet.privateKey });
      const out = JSON.parse(r.stdout.trim().split("\n").at(-1) || "{}") as { observed?: number; faults?: string[]; fanOutMs?: number; startUpMs?: number };
      process.stderr.write(`  ${tool}: start-up ${out.startUpMs?.toFixed(0)} ms, fan-out ${out.fanOutMs?.toFixed(0)} ms\n`);
      return {
        wallMs: r.wallMs,
        cpuMs: r.cpuMs,
        succeeded: out.observed ?? 0,
        detail: `${out.faults?.join("; ") ?? ""} ${r.stderr.slice(0, 500)}`,
        fanOutMs: tool === "rounds" ? out.fanOutMs : undefined,
      };
    }
    case "pssh": {
      writeFileSync(join(dir, "hosts"), fleet.hosts.map((h) => `root@127.0.0.1:${h.port}`).join("\n"));
      const r = await run("parallel-ssh", [
        "-h",
        join(dir, "hosts"),
        "-p",
        String(fleet.concurrency),
        "-t",
        "300",
        "-o",
        join(dir, "out"),
        "-x",
        `-i ${fleet.keyFile}`,
        ...SSH_OPTIONS.flatMap((o) => ["-O", o]),
        fleet.script,
      ]);
      return {
        wallMs: r.wallMs,
        cpuMs: r.cpuMs,
        succeeded: (r.stdout.match(/\[SUCCESS\]/g) ?? []).length,
        detail:
          r.stdout
            .split("\n")
            .filter((l) => !l.includes("SUCCESS"))
            .slice(0, 3)
            .join(" | ") + r.stderr.slice(0, 500),
      };
    }
    case "ansible":
    case "ansible-raw": {
      const lines = fleet.hosts.map((h, i) => `h${i} ansible_host=127.0.0.1 ansible_port=${h.port}`);
      writeFileSync(join(dir, "inventory.ini"), `[fleet]\n${lines.join("\n")}\n`);
      const r = await run(
        "ansible",
        ["all", "-i", join(dir, "inventory.ini"), "-m", tool === "ansible" ? "shell" : "raw", "-a", fleet.script, "-f", String(fleet.concurrency), "-o"],
        {
          ANSIBLE_CONFIG: join(dir, "none.cfg"),
          ANSIBLE_HOST_KEY_CHECKING: "False",
          // Ansible's fastest settings: pipelining (one exec per host), no interpreter discovery.
          ANSIBLE_PIPELINING: "True",
          ANSIBLE_PYTHON_INTERPRETER: "/usr/bin/python3",
          ANSIBLE_REMOTE_USER: "root",
          ANSIBLE_PRIVATE_KEY_FILE: fleet.keyFile,
          ANSIBLE_SSH_ARGS: `-C -o ControlMaster=auto -o ControlPersist=60s ${SSH_OPTIONS.map((o) => `-o ${o}`).join(" ")}`,
          ANSIBLE_SSH_CONTROL_PATH_DIR: join(dir, "cp"),
          ANSIBLE_LOCAL_TEMP: join(dir, "tmp"),
          ANSIBLE_NOCOLOR: "1",
        },
      );
      const ok = / \| CHANGED \| rc=0 /;
      const output = r.stdout.split("\n");
      return {
        wallMs: r.wallMs,
        cpuMs: r.cpuMs,
        succeeded: output.filter((l) => ok.test(l)).length,
        detail:
          output
            .filter((l) => l && !ok.test(l))
            .slice(0, 3)
            .join(" | ")
            .slice(0, 800) + r.stderr.slice(0, 500),
      };
    }
  }
}
