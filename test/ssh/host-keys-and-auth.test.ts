import { createHmac, randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSshTransport } from "../../src/adapters/ssh-transport.ts";
import { TransportError } from "../../src/adapters/transport-error.ts";
import { ConfigurationError } from "../../src/errors.ts";
import { generateKeyPair } from "../support/ssh2-server.ts";
import { startLab, type Lab } from "./lab.ts";

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ web01: {}, web02: {} });
});
afterAll(() => lab.close());

async function openError(edit: Parameters<Lab["inventory"]>[0], env: Record<string, string> = lab.env): Promise<unknown> {
  const inventory = lab.inventory(edit);
  return createSshTransport({ inventory, baseDir: lab.dir, env })
    .open(inventory.hosts[0]!, "observer")
    .then(
      (s) => s.close(),
      (e: unknown) => e,
    );
}

const hashed = (name: string) => {
  const salt = randomBytes(20);
  return `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;
};

describe("host keys: pinned or known_hosts, never trust on first use", () => {
  it("refuses a host with no pinned key and no known_hosts, naming the key it offered", async () => {
    const error = await openError((raw) => delete raw.hosts[0]!.hostKey);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: "host-key-unknown" });
    expect((error as Error).message).toMatch(/offered ssh-ed25519 SHA256:[A-Za-z0-9+/]{43}/);
    expect(lab.hosts.web01!.commands).toEqual([]);
  });

  it("refuses a host whose key differs from the pinned one", async () => {
    const error = await openError((raw) => (raw.hosts[0]!.hostKey = lab.hosts.web02!.hostKeyLine));
    expect(error).toMatchObject({ kind: "host-key-changed" });
    expect((error as Error).message).toMatch(/HOST KEY CHANGED/);
  });

  it("accepts a known_hosts entry for [address]:port, plain or hashed, and refuses a wrong or revoked one", async () => {
    const { port, hostKeyLine } = lab.hosts.web01!;
    const name = `[127.0.0.1]:${port}`;
    const cases: [string, string | undefined][] = [
      [`${name} ${hostKeyLine}\n`, undefined],
      [`# comment\n${hashed(name)} ${hostKeyLine} rounds@lab\n`, undefined],
      [`[127.0.0.*]:${port},!10.0.0.1 ${hostKeyLine}\n`, undefined],
      [`${name} ${lab.hosts.web02!.hostKeyLine}\n`, "host-key-changed"],
      [`${name} ${hostKeyLine}\n@revoked ${name} ${hostKeyLine}\n`, "host-key-changed"],
      [`127.0.0.1 ${hostKeyLine}\n`, "host-key-unknown"], // port 22 entry does not cover another port
      [`!${name},* ${hostKeyLine}\n`, "host-key-unknown"],
    ];
    for (const [text, expected] of cases) {
      writeFileSync(join(lab.dir, "known_hosts"), text);
      const error = await openError((raw) => {
        delete raw.hosts[0]!.hostKey;
        raw.ssh.knownHosts = "known_hosts";
      });
      if (expected) expect(error, text).toMatchObject({ kind: expected });
      else expect(error, text).toBeUndefined();
    }
  });

  it("a missing known_hosts file is a configuration error naming the key", async () => {
    const error = await openError((raw) => {
      delete raw.hosts[0]!.hostKey;
      raw.ssh.knownHosts = "no-such-file";
    });
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/inventory\.yml: ssh\.knownHosts: cannot read .*no-such-file: ENOENT/);
  });
});

describe("authentication and reachability", () => {
  it("an unknown client key is auth-refused", async () => {
    const error = await openError(undefined, { ...lab.env, ROUNDS_OBSERVER_KEY: generateKeyPair().privateKey });
    expect(error).toMatchObject({ kind: "auth-refused" });
  });

  it("the key can come from a file; a missing variable or file is a configuration error that never shows the key", async () => {
    writeFileSync(join(lab.dir, "observer.key"), lab.observerKey.privateKey, { mode: 0o600 });
    expect(await openError((raw) => (raw.ssh.observer = { keyFile: "observer.key" }))).toBeUndefined();
    const missing = await openError(undefined, {});
    expect((missing as Error).message).toBe("inventory.yml: ssh.observer.keyEnv: the environment variable ROUNDS_OBSERVER_KEY is not set");
    const garbage = await openError(undefined, { ROUNDS_OBSERVER_KEY: "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0\n-----END OPENSSH PRIVATE KEY-----\n" });
    expect(garbage).toBeInstanceOf(ConfigurationError);
    expect((garbage as Error).message).not.toContain("c2VjcmV0");
  });

  it("a closed port is unreachable; a port that never speaks SSH times out as unreachable", async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    expect(await openError((raw) => (raw.hosts[0]!.port = closed))).toMatchObject({ kind: "unreachable" });
    const silent: Server = createServer(() => {}).listen(0, "127.0.0.1");
    await new Promise((r) => silent.once("listening", r));
    const error = await openError((raw) => {
      raw.hosts[0]!.port = (silent.address() as { port: number }).port;
      raw.ssh.connectTimeoutMs = 300;
    });
    expect(error).toMatchObject({ kind: "unreachable" });
    expect((error as Error).message).toMatch(/no SSH handshake within 300 ms/);
    silent.close();
  });
});

describe("jump host", () => {
  it("reaches a host through another inventory host's connection, checking both host keys", async () => {
    const inventory = lab.inventory((raw) => {
      raw.hosts[1]!.jump = "web01";
    });
    const transport = createSshTransport({ inventory, baseDir: lab.dir, env: lab.env });
    const session = await transport.open(inventory.hosts[1]!, "operator");
    expect((await session.exec("pwd")).stdout.trim()).toBe(join(lab.dir, "web02"));
    await session.close();
    await transport.close();

    const wrongKey = lab.inventory((raw) => {
      raw.hosts[1]!.jump = "web01";
      raw.hosts[0]!.hostKey = lab.hosts.web02!.hostKeyLine;
    });
    const error = await createSshTransport({ inventory: wrongKey, baseDir: lab.dir, env: lab.env })
      .open(wrongKey.hosts[1]!, "operator")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "host-key-changed", host: "web02" });
    expect((error as Error).message).toMatch(/via jump host web01/);
  });
});
