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
export function sshSession(client: Client, host: string, identity: Identity, defaultTimeoutMs: number): HostSession {
  let dropped = false;
  const pending = new Set<(error: TransportError) => void>();
  client.on("close", () => {
    dropped = true;
    for (const abort of pending) abort(new TransportError("connection-dropped", host, "connection dropped mid-command"));
  });
  let sftp: Promise<SFTPWrapper> | undefined;

  const channel = (command: string) =>
    new Promise<ClientChannel>((resolve, reject) => {
      client.exec(command, (error, stream) => (error ? reject(new TransportError("connection-dropped", host, `cannot open a channel: ${error.message}`)) : resolve(stream)));
    });

  return {
    host,
    identity,
    async exec(command, options) {
      assertCommandAllowed(identity, host, command);
      if (dropped) throw new TransportError("connection-dropped", host, "the connection is closed");
      const timeoutMs = options?.timeoutMs ?? defaultTimeoutMs;
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
        channel(command).then((s) => {
          if (!pending.has(abort)) return s.close();
          stream = s;
          const out: Buffer[] = [];
          const err: Buffer[] = [];
          let code: number | null | undefined;
          s.on("data", (chunk: Buffer) => out.push(chunk));
          s.stderr.on("data", (chunk: Buffer) => err.push(chunk));
          s.on("exit", (exitCode: number | null) => (code = exitCode ?? null));
          s.on("close", () => {
            if (!pending.has(abort)) return;
            if (code === undefined) return abort(new TransportError("connection-dropped", host, "the channel closed before the command reported its exit status"));
            settle(undefined, { code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), durationMs: performance.now() - started });
          });
        }, (error: TransportError) => settle(error));
      });
    },
    async writeFile(path, content, mode) {
      assertWriteAllowed(identity, host, path, content);
      if (dropped) throw new TransportError("connection-dropped", host, "the connection is closed");
      sftp ??= new Promise((resolve, reject) => client.sftp((error, s) => (error ? reject(new TransportError("error", host, `SFTP unavailable: ${error.message}`)) : resolve(s))));
      const s = await sftp;
      await new Promise<void>((resolve, reject) =>
        s.writeFile(path, content, { mode: mode ?? 0o600 }, (error) => (error ? reject(new TransportError("error", host, `SFTP write to ${path} failed: ${error.message}`)) : resolve())),
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
