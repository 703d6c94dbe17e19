import type { Observation } from "../observations/index.ts";
import { ofKind } from "./rule-context.ts";

type Looked = (observations: readonly Observation[], host: string, subject: string) => boolean;

const hostProbe: Looked = (observations, host) => ofKind(observations, "host").some((o) => o.host === host);
const mount: Looked = (observations, host, subject) =>
  ofKind(observations, "host").some((o) => o.host === host && o.facts.disks.some((d) => d.mount === subject));
const inodes: Looked = (observations, host, subject) =>
  ofKind(observations, "host").some((o) => o.host === host && o.facts.disks.some((d) => d.mount === subject && d.inodesTotal !== null));
const units: Looked = (observations, host) => ofKind(observations, "host").some((o) => o.host === host && o.facts.failedUnits !== null);
// A container that is no longer listed has not recovered: it is gone, which nobody has judged yet.
const container: Looked = (observations, host, subject) =>
  ofKind(observations, "host").some((o) => o.host === host && (o.facts.containers ?? []).some((c) => c.name === subject));
const postgresProbe: Looked = (observations, host) => ofKind(observations, "postgres").some((o) => o.host === host);
const dataGrowth: Looked = (observations, host, subject) => hostProbe(observations, host, subject) && postgresProbe(observations, host, subject);
const prometheusOn: Looked = (observations, host) => ofKind(observations, "prometheus").some((o) => o.host === host);
// Targets, exporters and alerts are placed on the host they are about, not the Prometheus that saw
// them: absent means absent only when every Prometheus the inventory probes answered.
const everyPrometheus: Looked = (observations) =>
  ofKind(observations, "prometheus").length > 0 && !ofKind(observations, "fault").some((f) => f.probe === "prometheus");
const feedAnswered: Looked = (observations, host, subject) =>
  ofKind(observations, "check").some((o) => o.host === host && o.check === subject && o.result.type === "http" && o.result.status !== null);
const checkRan: Looked = (observations, host, subject) =>
  ofKind(observations, "check").some((o) => o.host === host && o.check === subject && o.result.type === "prometheus");
const checkHadData: Looked = (observations, host, subject) =>
  ofKind(observations, "check").some((o) => o.host === host && o.check === subject && o.result.type === "prometheus" && o.result.values.length > 0);

/** For each finding kind, the observation that shows its condition absent when the rule stays silent. */
const LOOKED = new Map<string, Looked>(
  Object.entries({
    "host-unreachable": hostProbe,
    "host-access-refused": hostProbe,
    "host-key-unknown": hostProbe,
    "host-key-changed": hostProbe,
    "probe-output-not-understood": hostProbe,
    "probe-error": hostProbe,
    "memory-pressure": hostProbe,
    "disk-pressure": mount,
    "disk-growth": mount,
    "inode-pressure": inodes,
    "database-growth": dataGrowth,
    "unit-failed": units,
    "container-down": container,
    "container-restart-loop": container,
    "container-unhealthy": container,
    "postgres-unreachable": postgresProbe,
    "postgres-connections": postgresProbe,
    "long-transaction": postgresProbe,
    "prometheus-unreachable": prometheusOn,
    "no-alerting-rules": prometheusOn,
    "rule-unhealthy": prometheusOn,
    "scrape-target-down": everyPrometheus,
    "exporter-never-connected": everyPrometheus,
    "exporter-disconnected": everyPrometheus,
    "alert-firing": everyPrometheus,
    "feed-http-error": feedAnswered,
    "feed-unreachable": feedAnswered,
    "check-breach": checkHadData,
    "check-no-data": checkRan,
    "check-failed": checkRan,
  }),
);

/**
 * Whether today's observations could have shown the condition behind `fingerprint` (`kind:host:subject`):
 * the probe that detects it ran and answered. Only then does the finding's absence mean the condition
 * is gone. Fails closed: a fault, a probe that did not run, or a kind that is not an observed condition
 * (a watch item, a gap, a failed rollback, the review's own silence) is never observed.
 */
export function conditionObserved(fingerprint: string, observations: readonly Observation[]): boolean {
  const match = /^([^:]+):([^:]+):(.+)$/s.exec(fingerprint);
  const looked = match ? LOOKED.get(match[1]!) : undefined;
  return looked !== undefined && looked(observations, match![2]!, match![3]!);
}
