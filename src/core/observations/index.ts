/**
 * What the probes saw, as plain data. Every probe returns observations and never throws: a fault
 * (unreachable host, refused key, garbage output) is an observation of its own, so one bad host
 * never stops the round for the others.
 */
import type { HostFacts } from "./host.ts";
import type { PrometheusFacts, PrometheusQueryResult } from "./prometheus.ts";
import type { PostgresFacts } from "./postgres.ts";
import type { HttpCheckResult } from "./http.ts";

export type FaultKind =
  "unreachable" | "auth-refused" | "host-key-unknown" | "host-key-changed" | "connection-dropped" | "timeout" | "not-understood" | "refused" | "error";

export interface Fault {
  kind: FaultKind;
  message: string;
  /** The start of the output a parser did not understand, for the ledger. */
  sample?: string;
}

interface Base {
  /** ISO-8601 time of the observation. */
  at: string;
  /** Inventory host the observation belongs to (a check's `host`, or the endpoint's host). */
  host: string;
}

export type Observation =
  | (Base & { kind: "host"; facts: HostFacts })
  | (Base & { kind: "prometheus"; endpoint: string; facts: PrometheusFacts })
  | (Base & { kind: "postgres"; facts: PostgresFacts })
  | (Base & { kind: "check"; check: string; result: HttpCheckResult | PrometheusQueryResult })
  | (Base & { kind: "fault"; probe: "ssh" | "host" | "prometheus" | "postgres" | "http" | "check"; check?: string; fault: Fault });

export type ObservationKind = Observation["kind"];
