import { breaches } from "../history/breached-since.ts";
import { fingerprintOf } from "./finding.ts";
import { isHttpCheck } from "./http-feeds.ts";
import { ofKind, type Draft, type RuleContext } from "./rule-context.ts";

/**
 * The inventory's own Prometheus checks: a breach of the declared threshold (since when, if the probe's
 * range query saw the start), no data, or a query that could not run.
 */
export function customChecks(ctx: RuleContext): Draft[] {
  const out: Draft[] = [];
  for (const o of ofKind(ctx.observations, "check")) {
    const r = o.result;
    if (r.type !== "prometheus") continue;
    const breach = r.breach ?? ctx.config.inventory.checks.find((c) => c.name === o.check)?.prometheus?.breach;
    if (!breach) continue;
    const base = { host: o.host, subject: o.check, params: { check: o.check } };
    if (r.values.length === 0) {
      out.push({
        ...base,
        kind: "check-no-data",
        fingerprint: fingerprintOf("check-no-data", o.host, o.check),
        severity: "low",
        title: `check ${o.check} returned no data`,
        evidence: [{ kind: "query", text: `${r.query} matched no series` }],
      });
      continue;
    }
    const breaching = r.values.filter((v) => breaches(v.value, breach));
    if (breaching.length === 0) continue;
    out.push({
      ...base,
      kind: "check-breach",
      fingerprint: fingerprintOf("check-breach", o.host, o.check),
      severity: "medium",
      title: `check ${o.check} breached: ${breaching[0]!.value} ${breach.op} ${breach.value}`,
      evidence: breaching.map((v) => ({
        kind: "value",
        text: `${r.query}${labels(v.labels)} = ${v.value} (breach when ${breach.op} ${breach.value})`,
        value: v.value,
      })),
      ...(r.breachedSince ? { since: r.breachedSince } : {}),
    });
  }
  for (const f of ofKind(ctx.observations, "fault").filter((o) => o.probe === "check" && !isHttpCheck(ctx, o.check))) {
    const check = f.check ?? "check";
    out.push({
      kind: "check-failed",
      fingerprint: fingerprintOf("check-failed", f.host, check),
      severity: "low",
      host: f.host,
      subject: check,
      title: `check ${check} could not be run`,
      evidence: [{ kind: "fault", text: `${f.fault.kind}: ${f.fault.message}` }],
    });
  }
  return out;
}

function labels(l: Record<string, string>): string {
  const entries = Object.entries(l);
  return entries.length === 0 ? "" : `{${entries.map(([k, v]) => `${k}="${v}"`).join(",")}}`;
}
