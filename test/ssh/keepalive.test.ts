import { createServer, connect, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSshTransport } from "../../src/adapters/ssh-transport.ts";
import { startLab, type Lab } from "./lab.ts";

let lab: Lab;
let proxy: Server;
let proxyPort: number;
const links: { client: Socket; upstream: Socket }[] = [];

/** A TCP relay that can go silent without closing anything: a host that vanished from the network. */
beforeAll(async () => {
  lab = await startLab({ web01: {} });
  proxy = createServer((client) => {
    const upstream = connect(lab.hosts.web01!.port, "127.0.0.1");
    client.pipe(upstream).pipe(client);
    client.on("error", () => {});
    upstream.on("error", () => {});
    links.push({ client, upstream });
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyPort = (proxy.address() as { port: number }).port;
});
afterAll(async () => {
  for (const { client, upstream } of links) {
    client.destroy();
    upstream.destroy();
  }
  proxy.close();
  await lab.close();
});

describe("keepalive", () => {
  it("notices a host that went silent mid-command, well before the command timeout", async () => {
    const inventory = lab.inventory((raw) => {
      raw.hosts[0]!.port = proxyPort;
      raw.ssh.commandTimeoutMs = 5_000;
    });
    const session = await createSshTransport({ inventory, baseDir: lab.dir, env: lab.env, keepaliveIntervalMs: 100 }).open(inventory.hosts[0]!, "operator");
    const running = session.exec("sleep 10");
    // The network goes away: nothing is delivered any more, and no FIN or RST says so.
    for (const { client, upstream } of links) {
      client.unpipe(upstream);
      upstream.unpipe(client);
    }
    const started = Date.now();
    await expect(running).rejects.toMatchObject({ kind: "connection-dropped" });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
