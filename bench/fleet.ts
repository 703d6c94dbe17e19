/**
 * The benchmark's fleet: N ssh2 fake hosts in this process, each answering every command after an
 * injected delay: the host probe with the Debian fixture's captured output, anything else by running
 * it with /bin/sh against the Debian fixture. Started as a child of bench/fan-out.ts so that serving the fleet does not share an
 * event loop with the client being measured. Prints one JSON line with the ports and host keys,
 * then serves until stdin closes.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { hostProbeScript } from "../src/core/probes/host-probe-script.ts";
import { generateKeyPair, startFakeHost, type FakeHost } from "../test/support/ssh2-server.ts";

const [count, delayMs, authorizedKey] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]!];
const fixture = fileURLToPath(new URL("../test/fixtures/host/debian-12/", import.meta.url));
const probe = hostProbeScript({ docker: false, systemd: true });
const captured = readFileSync(join(fixture, "probe-output.txt"), "utf8");
const dir = mkdtempSync(join(tmpdir(), "rounds-fleet-"));
const hosts: FakeHost[] = [];
for (let i = 0; i < count; i++) {
  const sandbox = join(dir, `h${i}`);
  mkdirSync(join(sandbox, "tmp"), { recursive: true });
  hosts.push(
    await startFakeHost({
      sandbox,
      authorizedKeys: [authorizedKey],
      hostKey: generateKeyPair().privateKey,
      delayMs,
      env: { ROUNDS_HOST_ROOT: fixture, PATH: `${join(fixture, "bin")}:/usr/local/bin:/usr/bin:/bin` },
      // The probe script is answered with the fixture's captured output: on a real fleet its work
      // happens on each host, not on the runner's CPU. Anything else (Ansible's Python) really runs.
      reply: (command) => (command === probe ? captured : undefined),
    }),
  );
}
process.stdout.write(`${JSON.stringify(hosts.map((h) => ({ port: h.port, hostKey: h.hostKeyLine })))}\n`);
process.stdin.resume();
process.stdin.on("end", async () => {
  await Promise.all(hosts.map((h) => h.close()));
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
