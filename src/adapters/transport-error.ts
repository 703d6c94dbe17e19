import { RefusedError } from "../errors.ts";

/** Why a transport could not do what was asked; the fan-out turns each kind into a fault observation. */
export type TransportFaultKind =
  | "unreachable"
  | "auth-refused"
  | "host-key-unknown"
  | "host-key-changed"
  | "connection-dropped"
  | "timeout"
  /** The connection is fine but the remote operation failed (SFTP refused a write, say). */
  | "error";

export class TransportError extends Error {
  constructor(readonly kind: TransportFaultKind, readonly host: string, message: string) {
    super(`${host}: ${message}`);
    this.name = "TransportError";
  }
}

/** The observer identity asked for something outside the probe catalogue; nothing was sent. */
export class NotInCatalogueError extends RefusedError {
  constructor(readonly host: string, what: string) {
    super(`${host}: the observer identity may only send probe-catalogue commands; refused ${what}`);
    this.name = "NotInCatalogueError";
  }
}
