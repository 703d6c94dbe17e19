import type { FaultKind } from "../core/observations/index.ts";
import { RefusedError } from "../errors.ts";

/**
 * Why a transport could not do what was asked; the fan-out turns each kind into the fault observation
 * of the same name (`error`: the connection is fine but the remote operation failed, SFTP say).
 */
export type TransportFaultKind = Exclude<FaultKind, "not-understood" | "refused">;

export class TransportError extends Error {
  constructor(
    readonly kind: TransportFaultKind,
    readonly host: string,
    message: string,
  ) {
    super(`${host}: ${message}`);
    this.name = "TransportError";
  }
}

/** The observer identity asked for something outside the probe catalogue; nothing was sent. */
export class NotInCatalogueError extends RefusedError {
  constructor(
    readonly host: string,
    what: string,
  ) {
    super(`${host}: the observer identity may only send probe-catalogue commands; refused ${what}`);
    this.name = "NotInCatalogueError";
  }
}
