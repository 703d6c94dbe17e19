import nock from "nock";
import type { Guardrails } from "../../src/config/schemas/guardrails.ts";

export const AGENT_URL = "http://127.0.0.1:11434";
export const PATH = "/v1/chat/completions";

export function settings(overrides: Partial<Guardrails["agent"]> = {}): Guardrails["agent"] {
  return {
    enabled: true,
    url: `${AGENT_URL}${PATH}`,
    model: "llama3.1",
    timeoutMs: 2000,
    maxTokensPerRun: 20_000,
    redact: ["acct-\\d{6}", "[unclosed"],
    ...overrides,
  };
}

/** An OpenAI-compatible chat completion carrying `content`, as ollama's /v1 and hosted servers return it. */
export function completion(content: string, totalTokens = 900) {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1_764_000_000,
    model: "llama3.1",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: 700, completion_tokens: totalTokens - 700, total_tokens: totalTokens },
  };
}

/** Recorded answers, the hostile ones included. */
export const ANSWERS = {
  good: JSON.stringify({
    summary: "A quiet week; the ticks table keeps growing.",
    ideas: [{ title: "Move old ticks to the NAS", host: "db01", evidence: ["ticks grows 50 MB a day"] }],
    picks: [
      {
        finding: "container-down:agent01:collector-reddit",
        playbook: "restart-stateless-container",
        host: "agent01",
        params: { container: "collector-reddit" },
      },
    ],
    risks: [{ host: "agent01", detail: "the collector restarted twice this week" }],
  }),
  protectedHost: JSON.stringify({
    summary: "Restart the firewall.",
    picks: [{ finding: "container-down:agent01:collector-reddit", playbook: "restart-stateless-container", host: "fw01", params: { container: "pf" } }],
  }),
  inventedPlaybook: JSON.stringify({
    summary: "Free some space.",
    picks: [{ finding: "container-down:agent01:collector-reddit", playbook: "vacuum-full-everything", host: "db01" }],
  }),
  shellCommand: JSON.stringify({ summary: "Run this.", command: "rm -rf /var/lib/postgresql", picks: [] }),
  shellInPick: JSON.stringify({
    summary: "Run this.",
    picks: [
      { finding: "container-down:agent01:collector-reddit", playbook: "restart-stateless-container", host: "agent01", shell: "docker rm -f trading-alpha" },
    ],
  }),
  businessContainer: JSON.stringify({
    summary: "Restart the trader.",
    picks: [
      { finding: "container-down:agent01:collector-reddit", playbook: "restart-stateless-container", host: "agent01", params: { container: "trading-alpha" } },
    ],
  }),
  notJson: "Sure! Here is what I think you should do: restart everything.",
  huge: JSON.stringify({ summary: "x".repeat(300_000) }),
};

/** No request leaves the process, and every recorded answer was asked for. */
export function guardNetwork() {
  nock.disableNetConnect();
  return () => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    if (pending.length) throw new Error(`unused mocks: ${pending.join(", ")}`);
  };
}
