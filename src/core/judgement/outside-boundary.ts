import picomatch from "picomatch";
import type { OpsConfig } from "../../config/ops-config.ts";
import type { Finding, FindingOption, OutsideBoundary } from "../findings/finding.ts";
import { growthOptions } from "./growth-options.ts";

/**
 * HTTP answers that are the source's decision about us. No client-side action changes them; a restart
 * only retries sooner. What to do instead is a person's call, and the reason says whose.
 */
const SOURCE_DECISIONS: Record<number, (status: number) => string> = {
  401: rejection,
  403: rejection,
  404: gone,
  410: gone,
  429: (status) =>
    `the source is rate-limiting us (HTTP ${status}): restarting the collector would not help and may make it worse — a restart retries sooner; the polling rate and the API plan are the operator's call`,
};

function gone(status: number): string {
  return `the source no longer serves this address (HTTP ${status}): restarting the collector would not help — a restart asks for the same address again; where the feed moved is the operator's call`;
}

function rejection(status: number): string {
  return `the source rejects our requests (HTTP ${status}): restarting the collector would not help — a server-side rejection is not cured by a client-side restart; API credentials are the operator's call`;
}

type Judgement = OutsideBoundary & { options?: FindingOption[] };

/**
 * Judgement about what not to do: when the cause lies outside the boundary, the finding keeps its
 * evidence, loses its remedy, and carries the reason the mechanical fix would not help (or whose
 * call it is). The first rule that applies wins; they are ordered from the hardest line down.
 */
export function judge(finding: Finding, config: OpsConfig): Finding {
  const verdict = protectedHost(finding, config) ?? protectedService(finding, config) ?? serverRejection(finding) ?? dataGrowth(finding, config);
  if (!verdict) return finding;
  const { remedy: _dropped, ...rest } = finding;
  const { options, ...outsideBoundary } = verdict;
  return { ...rest, outsideBoundary, ...(options ? { options } : {}) };
}

function protectedHost(finding: Finding, config: OpsConfig): Judgement | undefined {
  if (!config.guardrails.protected.hosts.includes(finding.host)) return undefined;
  return {
    rule: "protected.hosts",
    reason: `${finding.host} is a protected host (guardrails.yml protected.hosts): its failures are reported, never remedied by Rounds — a person handles them`,
  };
}

function protectedService(finding: Finding, config: OpsConfig): Judgement | undefined {
  if (!finding.service) return undefined;
  const patterns = config.guardrails.protected.services[finding.host] ?? [];
  const pattern = patterns.find((p) => picomatch.isMatch(finding.service!.name, p));
  if (!pattern) return undefined;
  return {
    rule: `protected.services.${finding.host}`,
    reason: `${finding.service.name} on ${finding.host} is business logic (guardrails.yml protected.services: "${pattern}"): Rounds reports it and never touches it — the owner decides`,
  };
}

function serverRejection(finding: Finding): Judgement | undefined {
  if (finding.kind !== "feed-http-error") return undefined;
  const status = finding.evidence.find((e) => e.kind === "http-status")?.value;
  const reason = status === undefined ? undefined : SOURCE_DECISIONS[status];
  return reason && status !== undefined ? { rule: "judgement: server-side rejection", reason: reason(status) } : undefined;
}

function dataGrowth(finding: Finding, config: OpsConfig): Judgement | undefined {
  const cause = finding.evidence.find((e) => e.kind === "attributed-to");
  if (!cause) return undefined;
  return {
    rule: "unattended.forbidden: data",
    reason: `the disk fills with data (${cause.text}): freeing space means compressing, deleting or moving data, which is behind the data guardrail — disk pressure caused by data is reported, not "solved"; the operator chooses among the options`,
    ...(finding.kind === "database-growth" ? { options: growthOptions(finding, config) } : {}),
  };
}
