import { fingerprintOf } from "./finding.ts";
import { ofKind, type Draft, type RuleContext } from "./rule-context.ts";

/**
 * External feeds answering the wrong status, or not at all. How long it has lasted comes from the
 * history (findAll adds `since`); whether a restart could help is the judgement's question, not this one.
 */
export function httpFeeds(ctx: RuleContext): Draft[] {
  const out: Draft[] = [];
  for (const o of ofKind(ctx.observations, "check")) {
    const r = o.result;
    if (r.type !== "http") continue;
    if (r.status === null) {
      out.push(unreachable(o.host, o.check, r.url, r.error ?? "no answer"));
      continue;
    }
    if (r.status === r.expectStatus) continue;
    out.push({
      kind: "feed-http-error",
      fingerprint: fingerprintOf("feed-http-error", o.host, o.check),
      severity: "high",
      host: o.host,
      subject: o.check,
      title: `${o.check} answers HTTP ${r.status} (expected ${r.expectStatus})`,
      evidence: [{ kind: "http-status", text: `GET ${r.url} → HTTP ${r.status} in ${r.latencyMs} ms`, value: r.status }],
      params: { check: o.check },
    });
  }
  for (const f of ofKind(ctx.observations, "fault").filter((o) => o.probe === "http" || (o.probe === "check" && isHttpCheck(ctx, o.check)))) {
    const check = f.check ?? "http";
    out.push(unreachable(f.host, check, urlOf(ctx, check), `${f.fault.kind}: ${f.fault.message}`));
  }
  return out;
}

function unreachable(host: string, check: string, url: string, why: string): Draft {
  return {
    kind: "feed-unreachable",
    fingerprint: fingerprintOf("feed-unreachable", host, check),
    severity: "high",
    host,
    subject: check,
    title: `${check} does not answer`,
    evidence: [{ kind: "http-error", text: `GET ${url}: ${why}` }],
    params: { check },
  };
}

/** A check declared with `http:` in inventory.yml: its faults are a feed's, whichever probe reported them. */
export function isHttpCheck(ctx: RuleContext, check: string | undefined): boolean {
  return Boolean(ctx.config.inventory.checks.find((c) => c.name === check)?.http);
}

function urlOf(ctx: RuleContext, check: string): string {
  return ctx.config.inventory.checks.find((c) => c.name === check)?.http?.url ?? check;
}
