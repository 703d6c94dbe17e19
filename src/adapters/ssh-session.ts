import type { Client, ClientChannel, SFTPWrapper } from "ssh2";
import type { CommandResult, HostSession, Identity } from "./ports.ts";
import { assertCommandAllowed, assertWriteAllowed } from "./catalogue-guard.ts";
import { TransportError } from "./transport-error.ts";

/**
 * One host's session over one SSH connection: every command is a channel on it. The catalogue
 * check runs first, before any channel is opened. A command past its timeout and a connection
 * that drops mid-command reject with a TransportError; a remote process killed by a signal
 * resolves with `code: null`.
 */
export function sshSession(client: Client, host: string, identity: Identity, limits: { commandTimeoutMs: number; maxOutputBytes: number }): HostSession {
  let dropped = false;
  const pending = new Set<(error: TransportError) => void>();
  client.on("close", () => {
    dropped = true;
    for (const abort of pending) abort(new TransportError("connection-dropped", host, "connection dropped mid-command"));
  });
  let sftp: Promise<SFTPWrapper> | undefined;

  return {
    host,
    identity,
    async exec(command, options) {
      assertCommandAllowed(identity, host, command);
      if (dropped) throw new TransportError("connection-dropped", host, "the connection is closed");
      const timeoutMs = options?.timeoutMs ?? limits.commandTimeoutMs;
      const started = performance.now();
      return new Promise<CommandResult>((resolve, reject) => {
        let stream: ClientChannel | undefined;
        const settle = (error?: TransportError, result?: CommandResult) => {
          clearTimeout(timer);
          pending.delete(abort);
          if (error) reject(error);
          else resolve(result!);
        };
        const abort = (error: TransportError) => {
          stream?.close();
          settle(error);
        };
        const timer = setTimeout(() => {
          // OpenSSH ≥ 7.9 honours the signal; closing the channel covers older servers.
          try {
            stream?.signal("KILL");
          } catch {
            // channel already gone
          }
          abort(new TransportError("timeout", host, `command did not finish within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.add(abort);
        // Listeners go on inside the callback, synchronously: when the event loop is busy, the
        // channel's success, output, exit status and close can arrive in one read, and an `exit`
        // emitted before a promise continuation attached its listener would be lost.
        client.exec(command, (error, s) => {
          if (error) return settle(new TransportError("connection-dropped", host, `cannot open a channel: ${error.message}`));
          if (!pending.has(abort)) return s.close();
          stream = s;
          const out: Buffer[] = [];
          const err: Buffer[] = [];
          let code: number | null | undefined;
          let received = 0;
          // A host printing without end must not exhaust the runner's memory.
          const collect = (into: Buffer[]) => (chunk: Buffer) => {
            received += chunk.length;
            if (received > limits.maxOutputBytes) abort(new TransportError("error", host, `command output exceeded ${limits.maxOutputBytes} bytes`));
            else into.push(chunk);
          };
          s.on("data", collect(out));
          s.stderr.on("data", collect(err));
          s.on("exit", (exitCode: number | null) => (code = exitCode ?? null));
          s.on("close", () => {
            if (!pending.has(abort)) return;
            if (code === undefined)
              return abort(new TransportError("connection-dropped", host, "the channel closed before the command reported its exit status"));
            settle(undefined, {
              code,
              stdout: Buffer.concat(out).toString("utf8"),
              stderr: Buffer.concat(err).toString("utf8"),
              durationMs: performance.now() - started,
            });
          });
        });
      });
    },
    async writeFile(path, content, mode) {
      assertWriteAllowed(identity, host, path, content);
      if (dropped) throw new TransportError("connection-dropped", host, "the connection is closed");
      sftp ??= new Promise((resolve, reject) =>
        client.sftp((error, s) => (error ? reject(new TransportError("error", host, `SFTP unavailable: ${error.message}`)) : resolve(s))),
      );
      const s = await sftp;
      await new Promise<void>((resolve, reject) =>
        s.writeFile(path, content, { mode: mode ?? 0o600 }, (error) =>
          error ? reject(new TransportError("error", host, `SFTP write to ${path} failed: ${error.message}`)) : resolve(),
        ),
      );
    },
    async close() {
      if (dropped) return;
      await new Promise<void>((resolve) => {
        client.once("close", () => resolve());
        client.end();
      });
    },
  };
}
