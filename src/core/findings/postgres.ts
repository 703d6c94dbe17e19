import { fingerprintOf } from "./finding.ts";
import { formatDuration } from "./format.ts";
import { ofKind, type Draft, type RuleContext } from "./rule-context.ts";

/** Past this share of max_connections, the next burst of clients is refused. */
const CONNECTIONS_HIGH_PCT = 90;
/** A transaction open this long holds back vacuum and may hold locks others wait on. */
const LONG_TRANSACTION_SECONDS = 3600;

/** PostgreSQL unreachable, out of connections, or holding long transactions. Growth is in database-growth.ts. */
export function postgres(ctx: RuleContext): Draft[] {
  const out: Draft[] = [];
  for (const fault of ofKind(ctx.observations, "fault").filter((o) => o.probe === "postgres")) {
    out.push({
      kind: "postgres-unreachable",
      fingerprint: fingerprintOf("postgres-unreachable", fault.host, "postgresql"),
      severity: "critical",
      host: fault.host,
      subject: "postgresql",
      title: `PostgreSQL on ${fault.host} is unreachable`,
      evidence: [{ kind: "fault", text: `${fault.fault.kind}: ${fault.fault.message}` }],
    });
  }
  for (const o of ofKind(ctx.observations, "postgres")) {
    const { used, max } = o.facts.connections;
    const pct = max > 0 ? (used / max) * 100 : 0;
    if (pct >= CONNECTIONS_HIGH_PCT) {
      out.push({
        kind: "postgres-connections",
        fingerprint: fingerprintOf("postgres-connections", o.host, "connections"),
        severity: "high",
        host: o.host,
        subject: "connections",
        title: `PostgreSQL on ${o.host} uses ${used} of ${max} connections`,
        evidence: [{ kind: "connections", text: `${used} of ${max} connections in use`, value: Math.round(pct), unit: "%" }],
      });
    }
    // The query text stays out of the ledger: it can carry literals (a password in ALTER ROLE).
    const long = o.facts.longTransactions.filter((t) => t.seconds >= LONG_TRANSACTION_SECONDS);
    const longest = Math.max(0, ...long.map((t) => t.seconds));
    if (long.length > 0) {
      out.push({
        kind: "long-transaction",
        fingerprint: fingerprintOf("long-transaction", o.host, "transactions"),
        severity: "medium",
        host: o.host,
        subject: "transactions",
        title: `PostgreSQL on ${o.host} has ${long.length} transaction(s) open longer than ${formatDuration(LONG_TRANSACTION_SECONDS * 1000)}`,
        evidence: long
          .map((t) => ({ kind: "transaction", text: `pid ${t.pid} ${t.state} for ${formatDuration(t.seconds * 1000)}`, value: t.seconds, unit: "s" }))
          .concat([{ kind: "longest", text: `longest ${formatDuration(longest * 1000)}`, value: longest, unit: "s" }]),
      });
    }
  }
  return out;
}
