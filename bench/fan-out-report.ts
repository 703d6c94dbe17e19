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
    return `| ${r.size} | ${s(m.rounds)} | ${s(m["rounds-bundled"])} | ${s(r.fanOutMs)} | ${s(m.pssh)} | ${s(m.ansible)} | ${s(m["ansible-raw"])} | ${ratio(m.rounds, m.ansible)} | ${ratio(m.rounds, m.pssh)} | ${ratio(m["rounds-bundled"], m.pssh)} |`;
  });
  const cpu = rows.map(
    (r) => `| ${r.size} | ${s(r.cpu.rounds)} | ${s(r.cpu["rounds-bundled"])} | ${s(r.cpu.pssh)} | ${s(r.cpu.ansible)} | ${s(r.cpu["ansible-raw"])} |`,
  );
  return [
    HEADING,
    "",
    "What it measures: one observation of N hosts — Rounds' host probe (one script per host, the",
    "catalogue's exact text) — by Rounds (`observeHosts` over the SSH transport, host keys pinned),",
    "`parallel-ssh` and `ansible all -m shell -a '<the same script>'` (and `-m raw`, Ansible's",
    "fastest mode). The hosts are ssh2 servers on 127.0.0.1 (spread over several processes, as real",
    "hosts do not share one CPU), each answering every command after an injected delay; the probe",
    "script is answered with the Debian fixture's captured output, so that no tool pays on the runner",
    "for work a real fleet does on its hosts. Ansible `-m shell` still runs its Python module on these",
    "loopback hosts — on a real fleet that CPU is spent on the hosts, here it shares the runner's two",
    "cores, so its column is pessimistic for Ansible; `-m raw` has no such cost. Ansible runs with",
    "pipelining on and interpreter discovery off (its fastest settings); pssh and Ansible skip host",
    "key checking, Rounds checks every pinned key. Every tool's own report is checked: a run counts",
    "only the hosts it completed.",
    "",
    "Rounds runs its TypeScript through tsx, so each start pays for on-the-fly compilation and module",
    'loading (~0.6–1.5 s here); "Rounds (bundled)" is the same code as one esbuild bundle, and',
    '"fan-out alone" is `observeHosts` itself, without start-up.',
    "",
    "Reproduce (needs the Debian packages ansible and pssh; ~10 minutes):",
    "",
    "```sh",
    "npx tsx bench/fan-out.ts --sizes 8,64,256 --runs 3 --write",
    "```",
    "",
    `Median of ${meta.runs} runs; concurrency ${meta.concurrency} for all (Rounds' \`ssh.concurrency\`, Ansible \`-f\`, pssh \`-p\`);`,
    `${meta.delayMs} ms injected before every command; ${meta.cpus} CPUs, Node ${meta.node}; load average at the start: ${meta.load}.`,
    "",
    "Wall time of the whole process (Rounds vs X: how many times faster Rounds is):",
    "",
    "| hosts | Rounds (tsx) | Rounds (bundled) | Rounds fan-out alone | pssh | Ansible `-m shell` | Ansible `-m raw` | Rounds (tsx) vs Ansible shell | Rounds (tsx) vs pssh | Rounds (bundled) vs pssh |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...wall,
    "",
    "CPU time on the runner (user + system of the tool and the processes it waited for):",
    "",
    "| hosts | Rounds (tsx) | Rounds (bundled) | pssh | Ansible `-m shell` | Ansible `-m raw` |",
    "|---:|---:|---:|---:|---:|---:|",
    ...cpu,
    ...(notes.length > 0 ? ["", "Hosts a tool did not complete:", "", ...notes.map((n) => `- ${n}`)] : []),
    ...verdict(rows, meta.concurrency),
  ].join("\n");
}

/** The issue's targets at 64 hosts, and how the fan-out grows with N, read off the medians. */
function verdict(rows: Row[], concurrency: number): string[] {
  const at64 = rows.find((r) => r.size === 64);
  const lines: string[] = [];
  if (at64) {
    const { rounds, pssh, ansible } = at64.wall;
    const bundled = at64.wall["rounds-bundled"];
    const check = (ok: boolean) => (ok ? "met" : "**not met**");
    if (rounds && ansible)
      lines.push(`- Target "at 64 hosts at least 3× faster than Ansible": ${(ansible / rounds).toFixed(1)}× — ${check(ansible / rounds >= 3)}.`);
    if (rounds && pssh)
      lines.push(
        `- Target "at 64 hosts no slower than pssh": Rounds through tsx ${(pssh / rounds).toFixed(1)}× — ${check(rounds <= pssh)}${bundled ? `; bundled ${(pssh / bundled).toFixed(1)}× — ${check(bundled <= pssh)}` : ""}; the fan-out alone takes ${s(at64.fanOutMs)} against pssh's ${s(pssh)} for its whole run.`,
      );
  }
  const measured = rows.filter((r) => r.fanOutMs !== undefined);
  const first = measured[0];
  const last = measured.at(-1);
  if (first && last && last !== first) {
    const waves = (n: number) => Math.ceil(n / concurrency);
    const each = measured.map((r) => `${r.size} hosts ${s(r.fanOutMs)} (${waves(r.size)} wave${waves(r.size) === 1 ? "" : "s"} of ${concurrency})`).join(", ");
    lines.push(
      `- Rounds' fan-out alone: ${each}; ${(last.size / first.size).toFixed(0)}× the hosts took ${(last.fanOutMs! / first.fanOutMs!).toFixed(1)}× the time.`,
    );
  }
  return lines.length > 0 ? ["", "Reading the results (the machine was shared with other work while it ran; see the load average above):", "", ...lines] : [];
}

/** Replaces the "## Fan-out" section (up to the next `## ` heading) or appends it. */
export function writeSection(document: string, section: string): string {
  const start = document.indexOf(`${HEADING}\n`);
  if (start === -1) return `${document.trimEnd()}\n\n${section}\n`;
  const next = document.indexOf("\n## ", start + HEADING.length);
  if (next === -1) return `${document.slice(0, start)}${section}\n`;
  return `${document.slice(0, start)}${section}\n${document.slice(next)}`;
}
