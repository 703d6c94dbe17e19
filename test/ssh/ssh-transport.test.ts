import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSshTransport } from "../../src/adapters/ssh-transport.ts";
import { TransportError } from "../../src/adapters/transport-error.ts";
import { startLab, type Lab } from "./lab.ts";

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ web01: {}, slow01: { fault: (c) => (c.includes("sleep") ? "hang" : c.includes("drop") ? "drop" : undefined) } });
});
afterAll(() => lab.close());

describe("SSH transport", () => {
  it("runs several commands over one connection and reports exit codes and output", async () => {
    const inventory = lab.inventory();
    const transport = createSshTransport({ inventory, baseDir: lab.dir, env: lab.env });
    const session = await transport.open(inventory.hosts[0]!, "operator");
    const first = await session.exec("echo hello; echo oops >&2; exit 3");
    const second = await session.exec("pwd");
    expect(first).toMatchObject({ code: 3, stdout: "hello\n", stderr: "oops\n" });
    expect(second.stdout.trim()).toBe(`${lab.dir}/web01`);
    await session.close();
  });

  it("rejects a command past its timeout with a timeout error, and the session stays usable", async () => {
    const inventory = lab.inventory();
    const session = await createSshTransport({ inventory, baseDir: lab.dir, env: lab.env }).open(inventory.hosts[1]!, "operator");
    const error = await session.exec("sleep 60", { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).kind).toBe("timeout");
    expect((await session.exec("echo still here")).stdout).toBe("still here\n");
    await session.close();
  });

  it("rejects with connection-dropped when the connection dies mid-command", async () => {
    const inventory = lab.inventory();
    const session = await createSshTransport({ inventory, baseDir: lab.dir, env: lab.env }).open(inventory.hosts[1]!, "operator");
    const error = await session.exec("echo drop").catch((e: unknown) => e);
    expect((error as TransportError).kind).toBe("connection-dropped");
    const after = await session.exec("echo again").catch((e: unknown) => e);
    expect((after as TransportError).kind).toBe("connection-dropped");
  });

  it("stops a command whose output exceeds the limit", async () => {
    const inventory = lab.inventory();
    const session = await createSshTransport({ inventory, baseDir: lab.dir, env: lab.env, maxOutputBytes: 100_000 }).open(inventory.hosts[0]!, "operator");
    await expect(session.exec("yes | head -c 1000000")).rejects.toMatchObject({ kind: "error", message: "web01: command output exceeded 100000 bytes" });
    expect((await session.exec("echo fine")).stdout).toBe("fine\n");
    await session.close();
  });
});
