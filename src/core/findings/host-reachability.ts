import type { FaultKind } from "../observations/index.ts";
import { fingerprintOf, type Severity } from "./finding.ts";
import { ofKind, type Draft, type RuleContext } from "./rule-context.ts";

const SSH_FAULTS: Record<FaultKind, { kind: string; severity: Severity; what: string }> = {
  unreachable: { kind: "host-unreachable", severity: "critical", what: "is unreachable" },
  timeout: { kind: "host-unreachable", severity: "critical", what: "did not answer in time" },
  refused: { kind: "host-unreachable", severity: "critical", what: "refused the SSH connection" },
  "connection-dropped": { kind: "host-unreachable", severity: "high", what: "dropped the connection mid-command" },
  "auth-refused": { kind: "host-access-refused", severity: "high", what: "refused our SSH key" },
  "host-key-unknown": { kind: "host-key-unknown", severity: "high", what: "presented a host key that is not pinned; it was not trusted" },
  // A changed key may be a reinstall or an impersonation: never trusted, always loud.
  "host-key-changed": { kind: "host-key-changed", severity: "critical", what: "presented a CHANGED host key; refused" },
  "not-understood": { kind: "probe-output-not-understood", severity: "low", what: "returned probe output the parser did not understand" },
  error: { kind: "probe-error", severity: "medium", what: "failed to be probed" },
};

/** Hosts Rounds could not look at, and why: the first thing a round must say. */
export function hostReachability(ctx: RuleContext): Draft[] {
  return ofKind(ctx.observations, "fault")
    .filter((o) => o.probe === "ssh" || o.probe === "host")
    .map((o): Draft => {
      const spec = SSH_FAULTS[o.fault.kind];
      const subject = spec.kind.startsWith("probe-") ? o.probe : "ssh";
      const evidence = [{ kind: "fault", text: `${o.fault.kind}: ${o.fault.message}` }];
      if (o.fault.sample) evidence.push({ kind: "sample", text: o.fault.sample });
      return {
        kind: spec.kind,
        fingerprint: fingerprintOf(spec.kind, o.host, subject),
        severity: spec.severity,
        host: o.host,
        subject,
        title: `${o.host} ${spec.what}`,
        evidence,
      };
    });
}
