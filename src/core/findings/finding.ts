import type { Forecast } from "../forecast/forecast-crossing.ts";

export type Severity = "critical" | "high" | "medium" | "low" | "info";

export const SEVERITY_ORDER: readonly Severity[] = ["critical", "high", "medium", "low", "info"];

/** One fact behind a finding. `value`/`unit` are kept apart from the text so later runs can compare numbers. */
export interface Evidence {
  kind: string;
  text: string;
  value?: number;
  unit?: string;
}

/** A catalogue playbook that remedies the finding on its host, with the parameters the finding supplies. */
export interface Remedy {
  playbook: string;
  params: Record<string, string>;
}

/** Judgement: why the mechanical fix would not help, or whose call it is; a finding with this has no remedy. */
export interface OutsideBoundary {
  reason: string;
  /** The guardrail or principle that puts it outside, e.g. `protected.hosts`, `unattended.forbidden: data`. */
  rule: string;
}

/** A choice for a human, with its honest costs. `playbook` names the catalogue entry that implements it, if any. */
export interface FindingOption {
  title: string;
  tradeoffs: string;
  playbook?: string;
}

export interface Finding {
  /** What is wrong, e.g. "disk-pressure", "no-alerting-rules", "feed-http-error". Playbooks name it in `remedies`. */
  kind: string;
  /** `kind:host:subject` — stable from day to day; never holds a value or a date. */
  fingerprint: string;
  severity: Severity;
  host: string;
  /** The thing on the host: a mount, container, unit, target, database.table or check name. */
  subject: string;
  /** One line for the ledger. */
  title: string;
  evidence: Evidence[];
  /** The service the finding is about, when it is one (the protected-services guardrail matches on it). */
  service?: { kind: "container" | "unit"; name: string };
  /** ISO time the failure started, as far as the observations and the history show (a lower bound). */
  since?: string;
  /** ISO time of the first reviewed run that saw this failure (now, when today is the first). */
  detectedAt?: string;
  remedy?: Remedy;
  outsideBoundary?: OutsideBoundary;
  forecast?: Forecast;
  options?: FindingOption[];
}

/** The evidence kind that says how long a failure has lasted, in hours (findAll adds it). */
export const DURATION_KIND = "duration";

export function fingerprintOf(kind: string, host: string, subject: string): string {
  return `${kind}:${host}:${subject}`;
}

/** The earliest of some ISO times, compared as times (Prometheus and Node write fractions differently). */
export function earliest(times: readonly (string | null | undefined)[]): string | undefined {
  return times.filter((t): t is string => typeof t === "string" && Number.isFinite(Date.parse(t))).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}
