/**
 * The interfaces between the jobs and the world. The jobs and the executor speak only these;
 * each implementation lives in its own file beside this one.
 */
import type { InventoryHost } from "../config/schemas/inventory.ts";

export interface CommandResult {
  /**
   * Exit code; null when the remote process was killed by a signal. A command past its timeout or
   * a connection dropped mid-command rejects with a TransportError (src/adapters/transport-error.ts)
   * instead, so a caller can never mistake either for a result.
   */
  code: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Which SSH identity a session uses. The observer may only send probe-catalogue commands. */
export type Identity = "observer" | "operator";

/** One open connection to one host, reused for all of that host's commands. */
export interface HostSession {
  readonly host: string;
  readonly identity: Identity;
  exec(command: string, options?: { timeoutMs?: number }): Promise<CommandResult>;
  /** Writes a file (SFTP over SSH, a plain write for the local transport). */
  writeFile(path: string, content: string, mode?: number): Promise<void>;
  close(): Promise<void>;
}

export interface Transport {
  open(host: InventoryHost, identity: Identity): Promise<HostSession>;
}
