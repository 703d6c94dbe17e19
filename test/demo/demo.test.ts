import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const BIN = new URL("../../bin/rounds.js", import.meta.url).pathname;

describe("npm run demo (rounds demo)", () => {
  it("runs three evenings on the embedded lab and leaves the three entries the README promises", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rounds-demo-test-"));
    const { stdout } = await promisify(execFile)("node", [BIN, "demo", "--dir", dir], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir } });
    expect(stdout).toContain(`The ops repository is in:\n  ${join(dir, "ops")}`);
    const changelog = await readFile(join(dir, "ops", "CHANGELOG.md"), "utf8");
    const days = changelog.split(/\n(?=## \d{4}-)/).slice(1);
    expect(days.map((d) => d.split("\n")[0])).toEqual(["## 2026-11-25 · healthy", "## 2026-11-24 · escalated-only", "## 2026-11-23 · change-applied"]);
    const [healthy, escalated, changed] = days as [string, string, string];
    expect(changed).toMatch(/- Snapshot: `.+`/);
    expect(changed).toContain("- Rollback: `docker start collector-reddit`");
    expect(changed).toContain("✓ verify: ssh: test");
    expect(escalated).toContain("restarting the collector would not help");
    expect(healthy).toContain("No change applied (system healthy)");
    // Day one's change was re-verified on the following days and, having held, is closed.
    expect(healthy).toMatch(/\| W-C-2026-11-23-restart-stateless-container-agent01 \| closed \| restart-stateless-container on agent01 holds \| verified/);
    expect(escalated).toMatch(/\| W-C-2026-11-23-restart-stateless-container-agent01 \| carried-over \|/);
  });
});
