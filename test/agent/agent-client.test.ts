import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAgentClient } from "../../src/adapters/agent-client.ts";
import { catalogueOf } from "../../src/core/agent/validate-answer.ts";
import { ANSWERS, AGENT_URL, PATH, completion, guardNetwork, settings } from "./agent-lab.ts";
import { loadTemplateConfig } from "../support/template.ts";

const FINDING = "container-down:agent01:collector-reddit";
let done: () => void;
const warnings: { reason?: string; dropped?: string[] }[] = [];
const log = { warn: (o: object) => void warnings.push(o as { reason?: string }), info: () => {} };

beforeEach(() => {
  done = guardNetwork();
  warnings.length = 0;
});
afterEach(() => done());

async function ask(answer: string, overrides = {}, totalTokens = 900) {
  nock(AGENT_URL).post(PATH).reply(200, completion(answer, totalTokens));
  const config = await loadTemplateConfig();
  return createAgentClient(settings(overrides), { env: {}, log }).ask("daily", { note: "facts" }, catalogueOf(config, [FINDING]));
}

describe("the agent client against recorded OpenAI-compatible answers", () => {
  it("sends redacted facts (DSN passwords, secret-named keys, configured patterns) with the bearer key from the environment", async () => {
    let sent = "";
    nock(AGENT_URL, { reqheaders: { authorization: "Bearer sk-test-123" } })
      .post(PATH, (body) => {
        sent = JSON.stringify(body);
        return true;
      })
      .reply(200, completion(ANSWERS.good));
    const config = await loadTemplateConfig();
    const client = createAgentClient(settings({ apiKeyEnv: "ROUNDS_AGENT_KEY" }), { env: { ROUNDS_AGENT_KEY: "sk-test-123" }, log });
    const facts = {
      dsn: "postgres://observer:hunter2@db01/market",
      error: "connect to postgres://rounds:s3cret-pw@10.0.0.5/market failed",
      account: "customer acct-123456 at [unclosed",
      nested: [{ password: "p@ss" }],
    };
    const outcome = await client.ask("daily", facts, catalogueOf(config, [FINDING]));
    expect(outcome.ok).toBe(true);
    for (const secret of ["hunter2", "s3cret-pw", "acct-123456", "[unclosed", "p@ss", "sk-test-123"]) expect(sent).not.toContain(secret);
    expect(sent).toContain("[REDACTED]");
    expect(sent).toContain('"response_format":{"type":"json_object"}');
  });

  it("keeps a well-formed answer's catalogue picks, ideas and risks, and counts the server's tokens", async () => {
    const outcome = await ask(ANSWERS.good);
    expect(outcome).toMatchObject({
      ok: true,
      dropped: [],
      answer: { picks: [{ playbook: "restart-stateless-container", host: "agent01" }], ideas: [{ host: "db01" }] },
    });
    expect(outcome.ok && outcome.tokens).toBeGreaterThan(800);
  });

  it("drops a pick on a protected host, and one of an invented playbook, and says so", async () => {
    const protectedHost = await ask(ANSWERS.protectedHost);
    expect(protectedHost).toMatchObject({ ok: true, answer: { picks: [] } });
    expect(protectedHost.ok && protectedHost.dropped[0]).toMatch(/fw01.*(protected|not in inventory)/);
    const invented = await ask(ANSWERS.inventedPlaybook);
    expect(invented.ok && invented.dropped[0]).toMatch(/playbook "vacuum-full-everything" is not in the catalogue/);
    expect(warnings.flatMap((w) => w.dropped ?? [])).toHaveLength(2);
  });

  it.each([
    ["a shell command", ANSWERS.shellCommand, /does not match the answer schema: .*command|Unrecognized key/],
    ["a shell command inside a pick", ANSWERS.shellInPick, /does not match the answer schema/],
    ["prose instead of JSON", ANSWERS.notJson, /not JSON/],
    ["a huge answer", ANSWERS.huge, /larger than|does not match/],
  ])("refuses %s and falls back to the rules, logged", async (_what, answer, reason) => {
    const outcome = await ask(answer);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.reason).toMatch(reason);
    expect(warnings.at(-1)?.reason).toMatch(reason);
  });

  it("falls back on a timeout, an HTTP error and a body that is not a completion", async () => {
    const config = await loadTemplateConfig();
    const client = createAgentClient(settings({ timeoutMs: 100 }), { env: {}, log });
    nock(AGENT_URL).post(PATH).delay(1000).reply(200, completion(ANSWERS.good));
    expect(await client.ask("daily", {}, catalogueOf(config, []))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no answer within agent.timeoutMs \(100 ms\)/),
    });
    nock(AGENT_URL).post(PATH).reply(500, "model not loaded");
    expect(await client.ask("daily", {}, catalogueOf(config, []))).toMatchObject({ ok: false, reason: "HTTP 500: model not loaded" });
    nock(AGENT_URL).post(PATH).reply(200, "<html>proxy</html>");
    expect(await client.ask("daily", {}, catalogueOf(config, []))).toMatchObject({ ok: false, reason: expect.stringMatching(/not JSON/) });
  });

  it("enforces the run's token budget: a spent run sends nothing more", async () => {
    const config = await loadTemplateConfig();
    const client = createAgentClient(settings({ maxTokensPerRun: 2500 }), { env: {}, log });
    nock(AGENT_URL).post(PATH).reply(200, completion(ANSWERS.good, 2000));
    expect((await client.ask("daily", {}, catalogueOf(config, [FINDING]))).ok).toBe(true);
    // No mock for a second call, and the network is closed: a request would fail differently.
    const second = await client.ask("daily", {}, catalogueOf(config, [FINDING]));
    expect(second).toMatchObject({ ok: false, reason: expect.stringMatching(/^token budget: .* agent.maxTokensPerRun \(2500\)/) });
  });

  it("refuses an answer that overspends the budget on its own", async () => {
    const outcome = await ask(ANSWERS.good, { maxTokensPerRun: 2000 }, 3000);
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringMatching(/took the run to 3000 tokens, over agent.maxTokensPerRun \(2000\)/) });
  });
});
