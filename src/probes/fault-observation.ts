import { TransportError } from "../adapters/transport-error.ts";
import { NotInCatalogueError } from "../adapters/transport-error.ts";
import type { Observation } from "../core/observations/index.ts";
import { redactText } from "../log.ts";

export type FaultObservation = Extract<Observation, { kind: "fault" }>;

/** Turns whatever a host's probe threw into the fault observation the ledger shows for that host. */
export function faultFromError(host: string, at: string, error: unknown): FaultObservation {
  if (error instanceof TransportError) return { kind: "fault", at, host, probe: "ssh", fault: { kind: error.kind, message: redactText(error.message) } };
  if (error instanceof NotInCatalogueError) return { kind: "fault", at, host, probe: "ssh", fault: { kind: "refused", message: error.message } };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "fault", at, host, probe: "host", fault: { kind: "error", message: redactText(`${host}: ${message}`) } };
}
