/** The fan-out benchmark's Markdown section for BENCHMARKS.md. */

export interface Row {
  size: number;
  /** Median wall time and median client-side CPU time per tool, ms. */
  wall: Record<string, number>;
  cpu: Record<string, number>;
  /** Rounds' fan-out alone (observeHosts), without process start-up. */
  fanOutMs: number | undefined;
}

const HEADING = "## Fan-out";
const s = (ms: number | undefined) => (ms === undefined ? "—" : `${(ms / 1000).toFixed(2)} s`);
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? "—" : `${(b / a).toFixed(1)}×`);

export interface Meta {
  runs: number;
  concurrency: number;
  delayMs: number;
  cpus: number;
  node: string;
  load: string;
}

export function renderFanOut(rows: Row[], meta: Meta, notes: string[]): string {
  const wall = rows.map((r) => {
    const m = r.wall;
    return `| ${r.size} | ${s(m.rounds)} | ${s(r.fanOutMs)} | ${s(m.pssh)} | ${s(m.ansible)} | ${s(m["ansible-raw"])} | ${ratio(m.rounds, m.ansible)} | ${ratio(m.rounds, m.pssh)} |`;
  });
  const cpu = rows.map((r) => `| ${r.size} | ${s(r.cpu.rounds)} | ${s(r.cpu.pssh)} | ${s(r.cpu.ansible)} | ${s(r.cpu["ansible-raw"])} |`);
  return [
    HEADING,
    "",
    `Median of ${meta.runs} runs; concurrency ${meta.concurrency} for all (Rounds' \`ssh.concurrency\`, Ansible \`-f\`, pssh \`-p\`);`,
    `${meta.delayMs} ms injected before every command; ${meta.cpus} CPUs, Node ${meta.node}; load average at the start: ${meta.load}.`,
    "",
    "Wall time (Rounds vs X: how many times faster Rounds' whole process is):",
    "",
    "| hosts | Rounds (process) | Rounds fan-out alone | pssh | Ansible `-m shell` | Ansible `-m raw` | Rounds vs Ansible shell | Rounds vs pssh |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...wall,
    "",
    "CPU time on the runner (user + system of the tool and the processes it waited for):",
    "",
    "| hosts | Rounds | pssh | Ansible `-m shell` | Ansible `-m raw` |",
    "|---:|---:|---:|---:|---:|",
    ...cpu,
    ...(notes.length > 0 ? ["", "Hosts a tool did not complete:", "", ...notes.map((n) => `- ${n}`)] : []),
  ].join("\n");
}

/** Replaces the "## Fan-out" section (up to the next `## ` heading) or appends it. */
export function writeSection(document: string, section: string): string {
  const start = document.indexOf(`${HEADING}\n`);
  if (start === -1) return `${document.trimEnd()}\n\n${section}\n`;
  const next = document.indexOf("\n## ", start + HEADING.length);
  if (next === -1) return `${document.slice(0, start)}${section}\n`;
  return `${document.slice(0, start)}${section}\n${document.slice(next)}`;
}
