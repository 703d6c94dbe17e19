import { afterAll, describe, expect, it } from "vitest";
import { oneAtATime } from "../../src/adapters/github/one-at-a-time.ts";
import { OpsRepoEffects } from "../../src/adapters/github/ops-repo-effects.ts";
import { OpsRepoProcessedEvents } from "../../src/adapters/github/processed-events.ts";
import { ledgerCommands } from "../../src/core/commands/ledger-commands.ts";
import { createOpsRepo, removeSeededRemote } from "./support/ops-repo-fixture.ts";

afterAll(() => removeSeededRemote());

describe("concurrent deliveries in one clone (rounds serve)", () => {
  it("queued one at a time, every effect lands and none trips over another's git lock", async () => {
    const repo = await createOpsRepo();
    try {
      const ops = await repo.ops();
      const effects = oneAtATime(ops.dir, new OpsRepoEffects(ops, ledgerCommands));
      const events = oneAtATime(ops.dir, new OpsRepoProcessedEvents(ops));
      const at = new Date("2026-11-25T21:30:00Z");
      const outcomes = await Promise.all([
        effects.hold("B-0001", "alice", "ref-1", at),
        effects.engageKillSwitch("bob", "look first", "ref-2", at),
        effects.acceptIdea("I-0001", "carol", "yes", at),
        events.record(["delivery:a"], "ok", at),
        events.record(["delivery:b"], "ok", at),
      ]);
      expect(outcomes.slice(0, 3).map((o) => o?.changed)).toEqual([true, true, true]);
      expect(await repo.show("STOP")).toContain("look first");
      expect(await repo.show("state/holds.json")).toContain('"item": "B-0001"');
      expect(await repo.show("IDEAS.md")).toContain("accepted by @carol");
      expect(Object.keys(JSON.parse((await repo.show("state/github-events.json"))!))).toEqual(["delivery:a", "delivery:b"]);
    } finally {
      await repo.cleanup();
    }
  });
});
