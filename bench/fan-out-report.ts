/** The fan-out benchmark's Markdown section for BENCHMARKS.md. */

export interface Row {
  size: number;
  /** Median wall time per tool, ms. */
  medians: Record<string, number>;
  rounds: { fanOutMs: number[] };
}

const HEADING = "## Fan-out";
const s = (ms: number | undefined) => (ms === undefined ? "—" : `${(ms / 1000).toFixed(2)} s`);
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? "—" : `${(b / a).toFixed(1)}×`);

export function renderFanOut(rows: Row[], meta: { runs: number; concurrency: number; delayMs: number; cpus: number; node: string }): string {
  const header = [
    "| hosts | Rounds (process) | Rounds fan-out alone | pssh | Ansible `-m shell` | Ansible `-m raw` | Rounds vs Ansible shell | Rounds vs pssh |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  const lines = rows.map((r) => {
    const m = r.medians;
    return `| ${r.size} | ${s(m.rounds)} | ${s(r.rounds.fanOutMs[0])} | ${s(m.pssh)} | ${s(m.ansible)} | ${s(m["ansible-raw"])} | ${ratio(m.rounds, m.ansible)} faster | ${ratio(m.rounds, m.pssh)} faster |`;
  });
  return [
    HEADING,
    "",
    `Median wall time of ${meta.runs} runs; concurrency ${meta.concurrency} for all (Rounds' \`ssh.concurrency\`, Ansible \`-f\`, pssh \`-p\`);`,
    `${meta.delayMs} ms injected before every command; ${meta.cpus} CPUs, Node ${meta.node}.`,
    "",
    ...header,
    ...lines,
  ].join("\n");
}

/** Replaces the "## Fan-out" section (up to the next `## ` heading) or appends it. */
export function writeSection(document: string, section: string): string {
  const start = document.indexOf(`${HEADING}\n`);
  if (start === -1) return `${document.trimEnd()}\n\n${section}\n`;
  const next = document.indexOf("\n## ", start + HEADING.length);
  const end = next === -1 ? document.length : next + 1;
  return `${document.slice(0, start)}${section}\n${next === -1 ? "" : `\n${document.slice(end)}`}`;
}
