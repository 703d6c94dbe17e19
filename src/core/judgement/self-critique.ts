import type { Finding } from "../findings/finding.ts";

const HOUR_MS = 3_600_000;

/** The backlog item every exhibit goes to; the ledger creates it from ALERT_PAGING_ITEM when it is missing. */
export const ALERT_PAGING_GAP = "gap:alert-paging";

export const ALERT_PAGING_ITEM = {
  fingerprint: ALERT_PAGING_GAP,
  title: "Alert paging: failures go unnoticed until the next review",
  why: "Failures were found by the daily review later than the detection-latency target in guardrails.yml (detectionLatencyHours): nothing paged a person when they started.",
} as const;

export interface CritiqueEvidence {
  /** The backlog item this evidence belongs to. */
  backlogFingerprint: typeof ALERT_PAGING_GAP;
  /** The finding it is about. */
  fingerprint: string;
  /** Same failure, same key on every later run. */
  key: string;
  /** YYYY-MM-DD, in the given time zone, of the review that found the failure. */
  date: string;
  /** The line without its exhibit label; the same failure gives the same text on every later day. */
  text: string;
  /** Hours the failure had lasted when it was found. */
  value: number;
  unit: "h";
}

const NOUN: Record<string, string> = {
  "feed-http-error": "feed outage",
  "feed-unreachable": "feed outage",
  "host-unreachable": "host outage",
  "container-down": "container outage",
  "container-restart-loop": "container restart loop",
  "unit-failed": "failed unit",
  "postgres-unreachable": "database outage",
  "prometheus-unreachable": "monitoring outage",
  "exporter-never-connected": "exporter outage",
  "exporter-disconnected": "exporter outage",
  "scrape-target-down": "scrape target outage",
  "alert-firing": "firing alert",
  "change-not-holding": "regression",
};

/** Trend findings (forecasts) and watch items are not outages; low and info findings are not worth a page. */
function isOutage(f: Finding): boolean {
  return !f.forecast && f.kind !== "watch-item-open" && (f.severity === "critical" || f.severity === "high" || f.severity === "medium");
}

/**
 * Self-critique: every failure that had lasted longer than the detection-latency target when the
 * review first found it is evidence that alerting failed to page anyone — dated, with the duration
 * at the time it was found (so the line is the same on every later day and is appended once). The
 * exhibit label (A, B, …) is the ledger's to give: it is assigned once, when the line is first recorded.
 */
export function selfCritique(findings: readonly Finding[], detectionLatencyHours: number, now: Date, options: { timeZone?: string } = {}): CritiqueEvidence[] {
  const limitMs = detectionLatencyHours * HOUR_MS;
  const out: CritiqueEvidence[] = [];
  for (const f of findings) {
    if (!isOutage(f) || !f.since) continue;
    const found = Date.parse(f.detectedAt ?? now.toISOString());
    const lasted = found - Date.parse(f.since);
    if (!(lasted > limitMs)) continue;
    const date = dayOf(new Date(found), options.timeZone ?? "UTC");
    const status = f.evidence.find((e) => e.kind === "http-status")?.value;
    const detail = status === undefined ? f.host : `HTTP ${status}`;
    out.push({
      backlogFingerprint: ALERT_PAGING_GAP,
      fingerprint: f.fingerprint,
      key: `${f.fingerprint}@${f.since}`,
      date,
      text: `${date}: a ${Math.round(lasted / HOUR_MS)} h ${NOUN[f.kind] ?? "failure"} (${f.subject}, ${detail}) went unnoticed by alerting`,
      value: Math.round(lasted / HOUR_MS),
      unit: "h",
    });
  }
  return out;
}

function dayOf(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}
