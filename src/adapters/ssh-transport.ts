/**
 * The SSH transport: one connection per host and identity, host keys checked against inventory.yml
 * or a known_hosts file (never trust-on-first-use), an optional jump host, and the observer
 * identity held to the probe catalogue inside the session itself.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Duplex } from "node:stream";
import type { Client } from "ssh2";
import type { Inventory, InventoryHost } from "../config/schemas/inventory.ts";
import { ConfigurationError } from "../errors.ts";
import type { HostSession, Identity, Transport } from "./ports.ts";
import { connectClient } from "./ssh-connect.ts";
import { knownHostsName, knownKeysFor, parseKeyLine, type KnownKey } from "./ssh-host-keys.ts";
import { loadPrivateKey } from "./ssh-private-key.ts";
import { sshSession } from "./ssh-session.ts";
import { TransportError } from "./transport-error.ts";

export interface SshTransportOptions {
  inventory: Inventory;
  /** The ops repository: relative `knownHosts` and `keyFile` paths are resolved from here. */
  baseDir: string;
  env: NodeJS.ProcessEnv;
  keepaliveIntervalMs?: number;
  /** stdout + stderr of one command, at most (default 16 MiB). */
  maxOutputBytes?: number;
}

export interface SshTransport extends Transport {
  /** Closes the jump-host connections; sessions are closed by their owners. */
  close(): Promise<void>;
}

const MAX_JUMP_DEPTH = 4;

export function createSshTransport(options: SshTransportOptions): SshTransport {
  const { inventory } = options;
  const ssh = inventory.ssh;
  // Loaded on first use: the operator key is never read unless an operator session is opened.
  const keys = new Map<Identity, Promise<Buffer>>();
  const jumps = new Map<string, Promise<Client>>();
  let knownHostsText: Promise<string> | undefined;

  const keyFor = (identity: Identity) => {
    if (!keys.has(identity)) keys.set(identity, loadPrivateKey(inventory, identity, options.env, options.baseDir));
    return keys.get(identity)!;
  };

  async function knownKeys(host: InventoryHost): Promise<{ known: KnownKey[]; source: string }> {
    if (host.hostKey) return { known: [parseKeyLine(host.hostKey)!], source: `inventory.yml (hosts.${host.name}.hostKey)` };
    if (!ssh.knownHosts) return { known: [], source: "inventory.yml (no hostKey for this host and no ssh.knownHosts file)" };
    const path = resolve(options.baseDir, ssh.knownHosts);
    knownHostsText ??= readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new ConfigurationError([{ file: "inventory.yml", path: "ssh.knownHosts", message: `cannot read ${path}: ${error.code ?? error.message}` }]);
    });
    return { known: knownKeysFor(await knownHostsText, knownHostsName(host.address, host.port)), source: path };
  }

  function inventoryHost(name: string, from: string): InventoryHost {
    const found = inventory.hosts.find((h) => h.name === name);
    if (!found) throw new ConfigurationError([{ file: "inventory.yml", path: `hosts.${from}.jump`, message: `no host named "${name}"` }]);
    return found;
  }

  async function connect(host: InventoryHost, identity: Identity, depth: number): Promise<Client> {
    if (depth > MAX_JUMP_DEPTH)
      throw new ConfigurationError([{ file: "inventory.yml", path: `hosts.${host.name}.jump`, message: `more than ${MAX_JUMP_DEPTH} jump hosts (a loop?)` }]);
    const [privateKey, { known, source }] = await Promise.all([keyFor(identity), knownKeys(host)]);
    const sock = host.jump ? await tunnel(inventoryHost(host.jump, host.name), host, identity, depth) : undefined;
    return connectClient({
      name: host.name,
      address: host.address,
      port: host.port,
      user: host.user ?? ssh.user,
      privateKey,
      known,
      keySource: source,
      readyTimeoutMs: ssh.connectTimeoutMs,
      keepaliveIntervalMs: options.keepaliveIntervalMs ?? 15_000,
      sock,
    });
  }

  /** A TCP stream to `target` through the jump host's connection (shared by all its targets). */
  async function tunnel(jump: InventoryHost, target: InventoryHost, identity: Identity, depth: number) {
    const key = `${identity}:${jump.name}`;
    if (!jumps.has(key)) {
      const client = connect(jump, identity, depth + 1);
      jumps.set(key, client);
      client.then(
        (c) => c.on("close", () => jumps.delete(key)),
        () => jumps.delete(key),
      );
    }
    const client = await jumps.get(key)!.catch((error: unknown) => {
      if (error instanceof TransportError) throw new TransportError(error.kind, target.name, `via jump host ${error.message}`);
      throw error;
    });
    return new Promise<Duplex>((resolveStream, reject) =>
      client.forwardOut("127.0.0.1", 0, target.address, target.port, (error, stream) =>
        error
          ? reject(new TransportError("unreachable", target.name, `jump host ${jump.name} cannot reach ${target.address}:${target.port}: ${error.message}`))
          : resolveStream(stream),
      ),
    );
  }

  return {
    async open(host, identity): Promise<HostSession> {
      const client = await connect(host, identity, 0);
      return sshSession(client, host.name, identity, { commandTimeoutMs: ssh.commandTimeoutMs, maxOutputBytes: options.maxOutputBytes ?? 16 * 1024 * 1024 });
    },
    async close() {
      const clients = await Promise.allSettled([...jumps.values()]);
      jumps.clear();
      for (const c of clients) if (c.status === "fulfilled") c.value.end();
    },
  };
}
