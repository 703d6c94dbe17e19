import type { HostSession } from "../adapters/ports.ts";

/** What a run cost: the bot's own overhead, reported in the ledger. */
export interface RunOverhead {
  hosts: number;
  connections: number;
  commands: number;
  /** Command text and uploaded files sent, in bytes (SSH framing not included). */
  bytesOut: number;
  /** stdout and stderr received, in bytes. */
  bytesIn: number;
  durationMs: number;
}

export function emptyOverhead(): RunOverhead {
  return { hosts: 0, connections: 0, commands: 0, bytesOut: 0, bytesIn: 0, durationMs: 0 };
}

/** Wraps a session so every command and upload is added to `overhead`. */
export function countingSession(session: HostSession, overhead: RunOverhead): HostSession {
  return {
    host: session.host,
    identity: session.identity,
    async exec(command, options) {
      overhead.commands += 1;
      overhead.bytesOut += Buffer.byteLength(command);
      const result = await session.exec(command, options);
      overhead.bytesIn += Buffer.byteLength(result.stdout) + Buffer.byteLength(result.stderr);
      return result;
    },
    async writeFile(path, content, mode) {
      overhead.bytesOut += Buffer.byteLength(content);
      return session.writeFile(path, content, mode);
    },
    close: () => session.close(),
  };
}
