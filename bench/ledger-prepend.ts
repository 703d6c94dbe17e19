// Prepending a day to a CHANGELOG of 1, 10 and 3,650 entries (ten years of daily reviews).
// Run: npx tsx bench/ledger-prepend.ts — each size runs in its own child process so peak memory
// is that size's alone. Prints a Markdown table for BENCHMARKS.md.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { checkLedger, renderDayEntry, upsertDayEntry, type DayEntry } from "../src/core/ledger/index.ts";

const SIZES = [1, 10, 3650];
const RUNS = 30;

function entry(date: string, i: number): DayEntry {
  const hosts = ["agent01", "db01", "mon01", "collect01", "collect02", "collect03", "collect04", "nas01"].map((host) => ({
    host,
    checks: 12,
    result: "pass",
    notes: "containers, services, scrape targets, alert rules re-checked",
  }));
  const trends = ["db01 /", "db01 ingest", "mon01 /", "nas01 /data"].map((subject) => ({
    subject,
    metric: "used",
    yesterday: "68 %",
    today: "69 %",
    weekAgo: "64 %",
  }));
  const watchItems = [{ id: `W-${i}`, description: "yesterday's change still holding", status: "closed" as const, detail: "verification re-run: ok" }];
  if (i % 7 !== 0)
    return { date, kind: "healthy", hosts, trends, watchItems, overhead: { durationMs: 40_000 + i, commands: 180, bytesIn: 2_000_000, bytesOut: 40_000 } };
  return {
    date,
    kind: "change-applied",
    result: "Added the minimal alert ruleset on mon01.",
    changes: [
      {
        mode: "unattended",
        what: "alert ruleset",
        why: "zero alert rules",
        playbook: "prometheus-alert-rules",
        host: "mon01",
        snapshot: `/var/backups/rounds/${date}/rules.yml`,
        rollbackCommand: "cp rules.yml.bak rules.yml && curl -X POST http://127.0.0.1:9090/-/reload",
        verification: ["promtool check rules: SUCCESS", "4 rules loaded"],
      },
    ],
    hosts,
    trends,
    watchItems,
    overhead: { durationMs: 50_000, commands: 220, bytesIn: 2_500_000, bytesOut: 60_000 },
  };
}

function isoDay(offset: number): string {
  return new Date(Date.UTC(2026, 10, 25) - offset * 86_400_000).toISOString().slice(0, 10);
}

function child(size: number): void {
  const days = Array.from({ length: size }, (_, i) => renderDayEntry(entry(isoDay(i), i)));
  // Through a Buffer, as readFile would give it: one flat string, not a rope of concatenations.
  const text = Buffer.from(`# Changelog\n\n${days.join("\n")}`).toString("utf8");
  const fresh = entry(isoDay(-1), 0);
  const gc = (globalThis as { gc?: () => void }).gc!;
  const times: number[] = [];
  let heapGrowth = 0;
  for (let run = 0; run < RUNS; run += 1) {
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const start = process.hrtime.bigint();
    const result = upsertDayEntry(text, fresh);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    heapGrowth = Math.max(heapGrowth, process.memoryUsage().heapUsed - heapBefore);
    if (!result.endsWith(days.at(-1)!)) throw new Error("prepend lost the history");
  }
  const maxRssKb = process.resourceUsage().maxRSS;
  // The lint path reads the whole file, still without a Markdown tree.
  const lintStart = process.hrtime.bigint();
  if (checkLedger("CHANGELOG.md", text).length > 0) throw new Error("the generated CHANGELOG has problems");
  const lintMs = Number(process.hrtime.bigint() - lintStart) / 1e6;
  times.sort((a, b) => a - b);
  process.stdout.write(
    JSON.stringify({ size, bytes: Buffer.byteLength(text), median: times[Math.floor(RUNS / 2)]!, max: times.at(-1)!, heapGrowth, maxRssKb, lintMs }),
  );
}

function parent(): void {
  const self = fileURLToPath(import.meta.url);
  console.log(`Node ${process.version}, ${RUNS} prepends per size, each size in its own process.\n`);
  console.log(
    "| entries | file size | prepend (median) | prepend (max) | heap growth per prepend | peak RSS of the process | checkLedger, whole file (lint) |",
  );
  console.log("|---:|---:|---:|---:|---:|---:|---:|");
  for (const size of SIZES) {
    const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", self, "--child", String(size)], { encoding: "utf8" });
    const r = JSON.parse(out) as { size: number; bytes: number; median: number; max: number; heapGrowth: number; maxRssKb: number; lintMs: number };
    console.log(
      `| ${r.size} | ${(r.bytes / 1e6).toFixed(2)} MB | ${r.median.toFixed(2)} ms | ${r.max.toFixed(2)} ms | ${(r.heapGrowth / 1024).toFixed(0)} KiB | ${(r.maxRssKb / 1024).toFixed(0)} MiB | ${r.lintMs.toFixed(0)} ms |`,
    );
  }
}

const at = process.argv.indexOf("--child");
if (at === -1) parent();
else child(Number(process.argv[at + 1]));
