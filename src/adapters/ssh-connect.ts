import type { Duplex } from "node:stream";
import ssh2 from "ssh2";
import type { Client as ClientType } from "ssh2";
import { fingerprint, hostKeyAlgorithms, keyType, verifyHostKey, type HostKeyVerdict, type KnownKey } from "./ssh-host-keys.ts";
import { TransportError } from "./transport-error.ts";

const { Client } = ssh2;

export interface ConnectTarget {
  /** Inventory name, for messages. */
  name: string;
  address: string;
  port: number;
  user: string;
  privateKey: Buffer;
  known: KnownKey[];
  /** Where the known keys came from, for messages ("inventory.yml hostKey", "known_hosts …"). */
  keySource: string;
  readyTimeoutMs: number;
  keepaliveIntervalMs: number;
  /** A stream through a jump host instead of a TCP connection. */
  sock?: Duplex;
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "EPIPE"]);

/** Connects and authenticates, or rejects with a TransportError saying which fault it was. */
export function connectClient(target: ConnectTarget): Promise<ClientType> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let verdict: { result: HostKeyVerdict; offered: Buffer } | undefined;
    let settled = false;
    const fail = (error: TransportError) => {
      if (settled) return;
      settled = true;
      client.end();
      reject(error);
    };
    client.on("ready", () => {
      settled = true;
      resolve(client);
    });
    client.on("error", (error: Error & { level?: string; code?: string }) => fail(classify(error, verdict, target)));
    client.on("close", () => fail(new TransportError("unreachable", target.name, "connection closed during the SSH handshake")));
    const algorithms = hostKeyAlgorithms(target.known);
    client.connect({
      host: target.address,
      port: target.port,
      username: target.user,
      privateKey: target.privateKey,
      sock: target.sock,
      readyTimeout: target.readyTimeoutMs,
      keepaliveInterval: target.keepaliveIntervalMs,
      keepaliveCountMax: 3,
      // Ask for the key type we can check, so a host with several keys presents the pinned one.
      ...(algorithms.length > 0 ? { algorithms: { serverHostKey: algorithms as never } } : {}),
      hostVerifier: (offered: Buffer) => {
        verdict = { result: verifyHostKey(offered, target.known), offered };
        return verdict.result === "ok";
      },
    });
    // Without it, Nagle's algorithm against delayed ACKs holds small handshake packets ~40 ms.
    client.setNoDelay(true);
  });
}

function classify(
  error: Error & { level?: string; code?: string },
  verdict: { result: HostKeyVerdict; offered: Buffer } | undefined,
  target: ConnectTarget,
): TransportError {
  if (verdict && verdict.result !== "ok") {
    const offered = `${keyType(verdict.offered)} ${fingerprint(verdict.offered)}`;
    if (verdict.result === "unknown") {
      return new TransportError(
        "host-key-unknown",
        target.name,
        `host key unknown: no key for ${target.address} in ${target.keySource}; the host offered ${offered} — check it out of band, then pin it`,
      );
    }
    return new TransportError(
      "host-key-changed",
      target.name,
      `HOST KEY CHANGED: the host offered ${offered}, which is not the key in ${target.keySource}; refusing to connect`,
    );
  }
  if (error.level === "client-authentication") return new TransportError("auth-refused", target.name, `authentication refused for user ${target.user}`);
  if (error.level === "client-timeout") return new TransportError("unreachable", target.name, `no SSH handshake within ${target.readyTimeoutMs} ms`);
  if (/no matching host key/i.test(error.message)) {
    return new TransportError(
      "host-key-changed",
      target.name,
      `the host offers no key of the type in ${target.keySource} (${hostKeyAlgorithms(target.known).join(", ")})`,
    );
  }
  if (error.code && UNREACHABLE_CODES.has(error.code))
    return new TransportError("unreachable", target.name, `${error.code} connecting to ${target.address}:${target.port}`);
  return new TransportError("unreachable", target.name, `SSH connection failed: ${error.message}`);
}
