/**
 * A real SSH peer for the embedded demo and the tests: ssh2's Server, executing each exec request with
 * /bin/sh in a sandbox directory. Faults are injected per command: a delay, a connection dropped
 * after the first output, or a command that never answers. It also serves SFTP writes and
 * direct-tcpip forwarding (so it can be a jump host).
 */
import { spawn } from "node:child_process";
import { closeSync, openSync, writeSync } from "node:fs";
import { connect as tcpConnect, type AddressInfo } from "node:net";
import { timingSafeEqual } from "node:crypto";
import ssh2 from "ssh2";
import type { Connection, ServerChannel, SFTPWrapper } from "ssh2";

const { Server, utils } = ssh2;

export type CommandFault = "drop" | "hang";

export interface FakeHostOptions {
  sandbox: string;
  /** Public keys (`ssh-ed25519 AAAA…`) allowed to log in. */
  authorizedKeys: string[];
  /** Host private key (OpenSSH PEM); a fresh ed25519 key when absent. */
  hostKey?: string;
  env?: Record<string, string>;
  delayMs?: number;
  fault?: (command: string) => CommandFault | undefined;
  /** A canned answer instead of running the command (the benchmark: host work without runner CPU). */
  reply?: (command: string) => string | undefined;
}

export interface FakeHost {
  port: number;
  /** `ssh-ed25519 AAAA…`, as pinned in inventory.yml. */
  hostKeyLine: string;
  /** Every exec request received, in order. */
  commands: string[];
  close(): Promise<void>;
}

export function generateKeyPair(): { privateKey: string; publicKey: string } {
  for (;;) {
    const pair = utils.generateKeyPairSync("ed25519");
    const publicKey = pair.public.split(" ").slice(0, 2).join(" ");
    // ssh2 1.17 drops a leading zero byte of the public key about once in 300 keys, leaving a
    // 31-byte key nobody can parse; such a pair is simply drawn again.
    if (!(utils.parseKey(publicKey) instanceof Error)) return { privateKey: pair.private, publicKey };
  }
}

export async function startFakeHost(options: FakeHostOptions): Promise<FakeHost> {
  const hostKey = options.hostKey ?? generateKeyPair().privateKey;
  const parsedHostKey = utils.parseKey(hostKey);
  if (parsedHostKey instanceof Error) throw parsedHostKey;
  const allowed = options.authorizedKeys.map((line) => {
    const key = utils.parseKey(line);
    if (key instanceof Error) throw key;
    return key;
  });
  const commands: string[] = [];
  const connections = new Set<Connection>();
  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    connections.add(client);
    // Without TCP_NODELAY every handshake stalls ~40 ms on delayed ACKs (ssh2 has it, its types do not).
    (client as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
    client.on("close", () => connections.delete(client));
    client.on("error", () => {});
    client.on("authentication", (ctx) => {
      if (ctx.method !== "publickey") return ctx.reject(["publickey"]);
      const key = allowed.find((k) => k.type === ctx.key.algo && sameBytes(k.getPublicSSH(), ctx.key.data));
      if (!key || (ctx.signature && key.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) !== true)) return ctx.reject(["publickey"]);
      ctx.accept();
    });
    client.on("ready", () => {
      client.on("tcpip", (accept, reject, info) => {
        const socket = tcpConnect(info.destPort, info.destIP);
        socket.once("error", () => reject());
        socket.once("connect", () => {
          const channel = accept();
          socket.pipe(channel).pipe(socket);
        });
      });
      client.on("session", (acceptSession) => {
        const session = acceptSession();
        session.on("env", (accept) => accept?.());
        session.on("pty", (accept) => accept?.());
        session.on("sftp", (accept) => serveSftp(accept()));
        session.on("exec", (accept, _reject, info) => {
          commands.push(info.command);
          const channel = accept();
          const fault = options.fault?.(info.command);
          const start = () => run(info.command, channel, client, fault, options);
          if (options.delayMs) setTimeout(start, options.delayMs);
          else start();
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hostKeyLine: `${parsedHostKey.type} ${parsedHostKey.getPublicSSH().toString("base64")}`,
    commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of connections) c.end();
        server.close(() => resolve());
      }),
  };
}

function run(command: string, channel: ServerChannel, client: Connection, fault: CommandFault | undefined, options: FakeHostOptions) {
  if (fault === "hang") return;
  const canned = options.reply?.(command);
  if (canned !== undefined) {
    channel.write(canned);
    channel.exit(0);
    channel.end();
    return;
  }
  if (fault === "drop") {
    channel.write("partial output\n");
    // Cut the TCP connection under the running command, as a rebooting host would.
    setTimeout(() => (client as unknown as { _sock: { destroy(): void } })._sock.destroy(), 20);
    return;
  }
  const child = spawn("/bin/sh", ["-c", command], {
    cwd: options.sandbox,
    env: { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: options.sandbox, TMPDIR: `${options.sandbox}/tmp`, LANG: "C", ...options.env },
    detached: true,
  });
  channel.pipe(child.stdin).on("error", () => {});
  child.stdout.pipe(channel, { end: false });
  child.stderr.pipe(channel.stderr, { end: false });
  channel.on("close", () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already exited
    }
  });
  child.on("close", (code, signal) => {
    if (signal) channel.exit(signal.replace(/^SIG/, ""), false, "");
    else channel.exit(code ?? 0);
    channel.end();
  });
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Enough SFTP for uploads: open, write, close (what the transport's writeFile uses). */
function serveSftp(sftp: SFTPWrapper) {
  const { STATUS_CODE, flagsToString } = utils.sftp;
  const handles = new Map<number, number>();
  let next = 0;
  sftp.on("OPEN", (id, path, flags, attrs) => {
    try {
      const fd = openSync(path, flagsToString(flags) ?? "r", attrs.mode ?? 0o600);
      const handle = Buffer.alloc(4);
      handle.writeUInt32BE(next);
      handles.set(next++, fd);
      sftp.handle(id, handle);
    } catch {
      sftp.status(id, STATUS_CODE.FAILURE);
    }
  });
  sftp.on("WRITE", (id, handle, offset, data) => {
    const fd = handles.get(handle.readUInt32BE(0));
    if (fd === undefined) return sftp.status(id, STATUS_CODE.FAILURE);
    writeSync(fd, data, 0, data.length, offset);
    sftp.status(id, STATUS_CODE.OK);
  });
  sftp.on("CLOSE", (id, handle) => {
    const key = handle.readUInt32BE(0);
    const fd = handles.get(key);
    if (fd === undefined) return sftp.status(id, STATUS_CODE.FAILURE);
    closeSync(fd);
    handles.delete(key);
    sftp.status(id, STATUS_CODE.OK);
  });
}
