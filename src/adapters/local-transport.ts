/**
 * A transport that runs commands with /bin/sh in one sandbox directory per host: the embedded demo
 * simulates a fleet on one machine with it. A host's sandbox is `<root>/<host name>/`; the session
 * runs there with `ROUNDS_HOST_ROOT` set to it (the host probe reads /etc and /proc under it) and its
 * `bin/` first on PATH (shims for uname, df, systemctl, docker stand in for the host's own).
 */
import { spawn } from "node:child_process";
import { mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { CommandResult, HostSession, Identity, Transport } from "./ports.ts";
import { assertCommandAllowed, assertWriteAllowed } from "./catalogue-guard.ts";
import { TransportError } from "./transport-error.ts";
import { RefusedError } from "../errors.ts";

export interface LocalTransportOptions {
  root: string;
  /** Observer sessions refuse non-catalogue commands, as over SSH (default true). */
  catalogueOnly?: boolean;
  commandTimeoutMs?: number;
}

export function createLocalTransport(options: LocalTransportOptions): Transport {
  const catalogueOnly = options.catalogueOnly ?? true;
  return {
    async open(host, identity) {
      const sandbox = resolve(options.root, host.name);
      const found = await stat(sandbox).catch(() => undefined);
      if (!found?.isDirectory()) throw new TransportError("unreachable", host.name, `no sandbox directory ${sandbox}`);
      // The sandbox's TMPDIR, where temporary scripts go, as /tmp exists on any host.
      await mkdir(join(sandbox, "tmp"), { recursive: true });
      return localSession(host.name, identity, sandbox, catalogueOnly, options.commandTimeoutMs ?? 30_000);
    },
  };
}

function localSession(host: string, identity: Identity, sandbox: string, catalogueOnly: boolean, defaultTimeoutMs: number): HostSession {
  const env = {
    PATH: `${join(sandbox, "bin")}:/usr/local/bin:/usr/bin:/bin`,
    HOME: sandbox,
    TMPDIR: join(sandbox, "tmp"),
    ROUNDS_HOST_ROOT: sandbox,
    LANG: "C",
  };
  let closed = false;
  return {
    host,
    identity,
    async exec(command, opts) {
      if (catalogueOnly) assertCommandAllowed(identity, host, command);
      if (closed) throw new TransportError("connection-dropped", host, "session already closed");
      return run(host, command, { cwd: sandbox, env }, opts?.timeoutMs ?? defaultTimeoutMs);
    },
    async writeFile(path, content, mode) {
      if (catalogueOnly) assertWriteAllowed(identity, host, path, content);
      const target = resolve(sandbox, path);
      if (!target.startsWith(`${sandbox}${sep}`)) throw new RefusedError(`${host}: refusing to write ${path} outside the sandbox ${sandbox}`);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content, { mode: mode ?? 0o600 });
    },
    async close() {
      closed = true;
    },
  };
}

function run(host: string, command: string, spawnOptions: { cwd: string; env: Record<string, string> }, timeoutMs: number): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    // Its own process group, so a timeout kills the whole pipeline, not just the shell.
    const child = spawn("/bin/sh", ["-c", command], { ...spawnOptions, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      reject(new TransportError("timeout", host, `command did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new TransportError("unreachable", host, `cannot run /bin/sh: ${error.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        durationMs: performance.now() - started,
      });
    });
  });
}
