import { ANSWER_SHAPE } from "./agent-answer.ts";
import type { AgentCatalogue } from "./validate-answer.ts";

export interface ChatMessage {
  role: "system" | "user";
  content: string;
}

/** Facts are cut to this many characters: the token budget is per run, not per call. */
const MAX_FACTS_CHARS = 24_000;

/**
 * The messages for one run. The system message states the boundary the answer is checked against
 * anyway: the agent proposes; it cannot run anything, and ids outside the catalogue are dropped.
 * `facts` must already be redacted (redactForAgent).
 */
export function agentPrompt(cadence: "daily" | "weekly" | "research", facts: unknown, catalogue: AgentCatalogue): ChatMessage[] {
  const system = [
    `You assist Rounds, a bot that runs the ${cadence} rounds of a small fleet inside a written trust boundary.`,
    "You cannot run commands and you do not decide anything: you write a short narrative summary, and you may propose ideas with evidence, pick catalogue playbooks for reported findings, and raise risks.",
    "Every id you name is checked: playbooks must be one of the catalogue, hosts one of the inventory (protected hosts are never automated), findings one of those reported. Anything else is dropped.",
    `Answer with one JSON object and nothing else, of this shape: ${ANSWER_SHAPE}`,
    `Catalogue playbooks: ${catalogue.playbooks.join(", ") || "(none)"}. Hosts: ${catalogue.hosts.join(", ")}. Protected hosts: ${catalogue.protectedHosts.join(", ") || "(none)"}. Findings: ${catalogue.findings.join(", ") || "(none)"}.`,
  ].join("\n");
  const json = JSON.stringify(facts);
  const content = json.length > MAX_FACTS_CHARS ? `${json.slice(0, MAX_FACTS_CHARS)}… (cut to fit the token budget)` : json;
  return [
    { role: "system", content: system },
    { role: "user", content: `The run's facts (redacted):\n${content}` },
  ];
}
