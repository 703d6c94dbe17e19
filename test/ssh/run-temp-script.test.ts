import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSshTransport } from "../../src/adapters/ssh-transport.ts";
import { DIAGNOSTIC_SCRIPTS } from "../../src/core/probes/diagnostic-scripts.ts";
import { runTempScript } from "../../src/probes/run-temp-script.ts";
import { startLab, type Lab } from "./lab.ts";

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ web01: { fault: (c) => (c.startsWith("sh ") && c.includes("slow") ? "hang" : undefined) } });
});
afterAll(() => lab.close());

const open = (identity: "observer" | "operator") => {
  const inventory = lab.inventory();
  return createSshTransport({ inventory, baseDir: lab.dir, env: lab.env }).open(inventory.hosts[0]!, identity);
};
const tmp = () => readdirSync(join(lab.dir, "web01", "tmp"));

describe("temporary diagnostic scripts over SFTP", () => {
  it("the observer uploads a catalogue script, runs it, removes it and verifies the removal", async () => {
    const session = await open("observer");
    const record = await runTempScript(session, { name: "top-processes", content: DIAGNOSTIC_SCRIPTS["top-processes"]! });
    await session.close();
    expect(record).toMatchObject({ host: "web01", script: "top-processes", uploaded: true, exitCode: 0, removed: true, removalVerified: true });
    expect(record.error).toBeUndefined();
    expect(record.dir).toMatch(new RegExp(`^${lab.dir}/web01/tmp/rounds-diag\\.[a-z0-9]{16}$`));
    expect(record.stdout).toMatch(/PID|pid/);
    expect(record.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(tmp()).toEqual([]);
  });

  it("the observer cannot upload anything else: refused, recorded, and the directory still removed", async () => {
    const session = await open("observer");
    const record = await runTempScript(session, { name: "top-processes", content: "#!/bin/sh\ncat /etc/shadow\n" });
    await session.close();
    expect(record).toMatchObject({ uploaded: false, exitCode: null, removed: true, removalVerified: true });
    expect(record.error).toMatch(/observer identity may only send probe-catalogue commands; refused write/);
    expect(tmp()).toEqual([]);
  });

  it("the operator runs any script; a failing script is still removed", async () => {
    const session = await open("operator");
    const record = await runTempScript(session, { name: "check-marker", content: "#!/bin/sh\necho looking\ntest -e /nonexistent-marker\n" });
    await session.close();
    expect(record).toMatchObject({ uploaded: true, exitCode: 1, stdout: "looking\n", removed: true, removalVerified: true });
    expect(tmp()).toEqual([]);
  });

  it("a script hanging past its timeout is recorded as such, and its directory removed", async () => {
    const session = await open("operator");
    const record = await runTempScript(session, { name: "slow", content: "#!/bin/sh\nsleep 60\n" }, { timeoutMs: 300 });
    await session.close();
    expect(record).toMatchObject({ uploaded: true, exitCode: null, removed: true, removalVerified: true });
    expect(record.error).toMatch(/did not finish within 300 ms/);
    expect(existsSync(record.dir!)).toBe(false);
  });
});
