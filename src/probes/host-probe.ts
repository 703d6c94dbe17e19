import type { InventoryHost } from "../config/schemas/inventory.ts";
import type { HostSession } from "../adapters/ports.ts";
import type { Observation } from "../core/observations/index.ts";
import { hostProbeScript } from "../core/probes/host-probe-script.ts";
import { parseHostProbe, sample } from "../core/probes/parse-host-probe.ts";

/**
 * Observes one host in one round trip: the catalogue's host probe script, parsed. Output the
 * parser cannot read becomes one `not-understood` fault with a sample, beside whatever facts it
 * could read. Transport failures are thrown (TransportError) for the fan-out to record.
 */
export async function probeHost(session: HostSession, host: InventoryHost, options: { now: () => Date; timeoutMs?: number }): Promise<Observation[]> {
  const probe = { docker: host.probes.docker, systemd: host.probes.systemd };
  const sentAtMs = options.now().getTime();
  const result = await session.exec(hostProbeScript(probe), options.timeoutMs === undefined ? undefined : { timeoutMs: options.timeoutMs });
  const receivedAt = options.now();
  const at = receivedAt.toISOString();
  const parsed = parseHostProbe(result.stdout, { sentAtMs, receivedAtMs: receivedAt.getTime() }, probe);
  const observations: Observation[] = [];
  if (parsed.facts) observations.push({ kind: "host", at, host: host.name, facts: parsed.facts });
  // One fault per host, however many sections were unreadable: the ledger lists hosts, not sections.
  if (parsed.notUnderstood.length > 0) {
    const message = `${host.name}: probe output not understood: ${parsed.notUnderstood.map((p) => p.message).join("; ")}`;
    const samples = parsed.notUnderstood.map((p) => p.sample).filter(Boolean);
    const text = samples.length > 0 ? samples.join("\n---\n") : result.stderr.trim() || `exit status ${result.code}, no output`;
    observations.push({ kind: "fault", at, host: host.name, probe: "host", fault: { kind: "not-understood", message, sample: sample(text) } });
  }
  return observations;
}
