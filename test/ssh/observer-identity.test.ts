import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSshTransport } from "../../src/adapters/ssh-transport.ts";
import { NotInCatalogueError } from "../../src/adapters/transport-error.ts";
import { RefusedError } from "../../src/errors.ts";
import type { HostSession } from "../../src/adapters/ports.ts";
import { hostProbeScript } from "../../src/core/probes/host-probe-script.ts";
import { startLab, type Lab } from "./lab.ts";

let lab: Lab;
let observer: HostSession;
beforeAll(async () => {
  lab = await startLab({ web01: {} });
  const inventory = lab.inventory();
  observer = await createSshTransport({ inventory, baseDir: lab.dir, env: lab.env }).open(inventory.hosts[0]!, "observer");
});
afterAll(async () => {
  await observer.close();
  await lab.close();
});

const probe = hostProbeScript({ docker: false, systemd: false });

describe("the observer identity over SSH", () => {
  it("sends the catalogue's host probe", async () => {
    const result = await observer.exec(probe);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("@@rounds section uptime");
    expect(lab.hosts.web01!.commands.at(-1)).toBe(probe);
  });

  it("refuses anything else before a byte is sent, however it is disguised", async () => {
    const before = lab.hosts.web01!.commands.length;
    const attempts = [
      "id",
      "touch /tmp/pwned",
      `${probe}; touch pwned`,
      `${probe}\ntouch pwned`,
      `${probe} `,
      ` ${probe}`,
      probe.replace("cat", "\u0441at"),
      probe.replace("uname -r", "uname -r; touch pwned"),
      `sh -c ${JSON.stringify(probe)}`,
    ];
    for (const command of attempts) {
      const error = await observer.exec(command).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotInCatalogueError);
      expect(error).toBeInstanceOf(RefusedError);
    }
    expect(lab.hosts.web01!.commands.length).toBe(before);
  });

  it("refuses an SFTP upload that is not a catalogue diagnostic script", async () => {
    await expect(observer.writeFile(`${lab.dir}/web01/tmp/rounds-diag.abcdefghij012345/top-processes.sh`, "#!/bin/sh\nid\n")).rejects.toBeInstanceOf(
      NotInCatalogueError,
    );
    await expect(observer.writeFile(`${lab.dir}/web01/.ssh/authorized_keys`, "ssh-ed25519 AAAA")).rejects.toBeInstanceOf(NotInCatalogueError);
  });

  it("the operator identity sends rendered commands as they are", async () => {
    const inventory = lab.inventory();
    const operator = await createSshTransport({ inventory, baseDir: lab.dir, env: lab.env }).open(inventory.hosts[0]!, "operator");
    expect((await operator.exec("echo changed > marker && cat marker")).stdout).toBe("changed\n");
    await operator.close();
  });
});
