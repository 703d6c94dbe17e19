import type { Logger } from "pino";
import type { Guardrails } from "../config/schemas/guardrails.ts";
import type { AgentAnswer } from "../core/agent/agent-answer.ts";
import { agentPrompt } from "../core/agent/agent-prompt.ts";
import { redactForAgent, redactPatterns } from "../core/agent/redact-for-agent.ts";
import { checkBudget, estimateTokens } from "../core/agent/token-budget.ts";
import { validateAnswer, type AgentCatalogue } from "../core/agent/validate-answer.ts";

/** A body larger than this is not an answer to a short JSON question. */
const MAX_BODY_BYTES = 256 * 1024;

export type AgentOutcome = { ok: true; answer: AgentAnswer; dropped: string[]; tokens: number } | { ok: false; reason: string };

export interface AgentClient {
  /** One question; never throws: any error, timeout, overspend or garbage is `ok: false` (the rules stand). */
  ask(cadence: "daily" | "weekly" | "research", facts: unknown, catalogue: AgentCatalogue): Promise<AgentOutcome>;
  /** Tokens spent so far in this run. */
  readonly used: number;
}

/**
 * An OpenAI-compatible chat-completions client (ollama's /v1, vLLM, llama.cpp, hosted APIs) for one
 * run: facts are redacted before they leave, the run's token budget is enforced, and whatever comes
 * back is validated against the schema and the catalogue. Failures are logged and fall back.
 */
export function createAgentClient(
  settings: Guardrails["agent"],
  options: { env: NodeJS.ProcessEnv; log: Pick<Logger, "warn" | "info">; fetch?: typeof fetch },
): AgentClient {
  const doFetch = options.fetch ?? fetch;
  const patterns = redactPatterns(settings.redact);
  let used = 0;
  const fail = (reason: string): AgentOutcome => {
    options.log.warn({ agent: settings.url, reason }, "agent answer not used; the rules-based path stands");
    return { ok: false, reason };
  };
  return {
    get used() {
      return used;
    },
    async ask(cadence, facts, catalogue) {
      const messages = agentPrompt(cadence, redactForAgent(facts, patterns), catalogue);
      const promptTokens = estimateTokens(messages.map((m) => m.content).join("\n"));
      const budget = checkBudget(used, settings.maxTokensPerRun, promptTokens);
      if (!budget.allowed) return fail(budget.reason!);
      // Counted before the call: a timed-out request may still have been billed.
      used += promptTokens;
      const key = settings.apiKeyEnv ? options.env[settings.apiKeyEnv] : undefined;
      let body: string;
      try {
        const response = await doFetch(settings.url, {
          method: "POST",
          headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
          body: JSON.stringify({
            model: settings.model,
            messages,
            temperature: 0,
            max_tokens: budget.maxAnswerTokens,
            response_format: { type: "json_object" },
          }),
          signal: AbortSignal.timeout(settings.timeoutMs),
        });
        body = await response.text();
        if (!response.ok) return fail(`HTTP ${response.status}: ${body.slice(0, 200)}`);
      } catch (error) {
        const name = (error as Error).name;
        return fail(
          name === "TimeoutError" || name === "AbortError"
            ? `no answer within agent.timeoutMs (${settings.timeoutMs} ms)`
            : `request failed: ${(error as Error).message}`,
        );
      }
      if (Buffer.byteLength(body) > MAX_BODY_BYTES) return fail(`answer of ${Buffer.byteLength(body)} bytes is larger than ${MAX_BODY_BYTES}`);
      let completion: { choices?: { message?: { content?: unknown } }[]; usage?: { total_tokens?: unknown } };
      try {
        completion = JSON.parse(body) as typeof completion;
      } catch {
        return fail("the endpoint did not answer with a chat completion (not JSON)");
      }
      const content = completion.choices?.[0]?.message?.content;
      const total = completion.usage?.total_tokens;
      if (typeof total === "number" && Number.isFinite(total)) used += Math.max(0, total - promptTokens);
      else if (typeof content === "string") used += estimateTokens(content);
      if (used > settings.maxTokensPerRun) return fail(`the answer took the run to ${used} tokens, over agent.maxTokensPerRun (${settings.maxTokensPerRun})`);
      if (typeof content !== "string") return fail("the completion has no message content");
      const validated = validateAnswer(content, catalogue);
      if (!validated.ok) return fail(validated.reason);
      if (validated.dropped.length)
        options.log.warn({ agent: settings.url, dropped: validated.dropped }, "agent answer named things outside the catalogue; they were dropped");
      return { ok: true, answer: validated.answer, dropped: validated.dropped, tokens: used };
    },
  };
}
