/**
 * Rounds' side of the fan-out benchmark, as its own process (like ansible and parallel-ssh, its
 * start-up is part of the time): observeHosts over an inventory file with the SSH transport.
 * Prints one JSON line: hosts observed, faults, and the fan-out's own duration.
 */
import { readFileSync } from "node:fs";
import { createSshTransport } from "../src/adapters/ssh-transport.ts";
import { inventorySchema } from "../src/config/schemas/inventory.ts";
import { observeHosts } from "../src/probes/observe-hosts.ts";

const startUpMs = process.uptime() * 1000;
const inventory = inventorySchema.parse(JSON.parse(readFileSync(process.argv[2]!, "utf8")));
const transport = createSshTransport({ inventory, baseDir: process.cwd(), env: process.env });
const { observations, overhead } = await observeHosts({ inventory, transport, now: () => new Date() });
const faults = observations.filter((o) => o.kind === "fault").map((o) => (o.kind === "fault" ? o.fault.message : ""));
process.stdout.write(
  `${JSON.stringify({ observed: observations.filter((o) => o.kind === "host").length, faults: faults.slice(0, 3), fanOutMs: overhead.durationMs, startUpMs })}\n`,
);
