import type { OpsConfig } from "../../config/ops-config.ts";
import { agentAnswerSchema, type AgentAnswer } from "./agent-answer.ts";

/** What the agent may refer to: the catalogue and the run's own findings. Anything else is dropped. */
export interface AgentCatalogue {
  playbooks: string[];
  hosts: string[];
  protectedHosts: string[];
  findings: string[];
}

export type ValidatedAnswer = { ok: true; answer: AgentAnswer; dropped: string[] } | { ok: false; reason: string };

export function catalogueOf(config: OpsConfig, findings: string[]): AgentCatalogue {
  return {
    playbooks: config.playbooks.map((p) => p.id),
    hosts: config.inventory.hosts.map((h) => h.name),
    protectedHosts: config.guardrails.protected.hosts,
    findings,
  };
}

/**
 * Untrusted text in, a checked answer out: JSON (a fenced block is tolerated), the strict schema,
 * then every id limited to the catalogue. A pick of an invented playbook, an unknown or protected
 * host or an unreported finding is dropped and said so; so is an idea about an unknown host. A risk
 * is kept even when it names something unknown: it can only make a decision stricter.
 */
export function validateAnswer(raw: string, catalogue: AgentCatalogue): ValidatedAnswer {
  const json = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(raw)?.[1] ?? raw;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message.slice(0, 120)})` };
  }
  const parsed = agentAnswerSchema.safeParse(value);
  if (!parsed.success)
    return {
      ok: false,
      reason: `does not match the answer schema: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".") || "(answer)"}: ${i.message}`)
        .join("; ")}`,
    };
  const dropped: string[] = [];
  const picks = parsed.data.picks.filter((p) => {
    const why = !catalogue.playbooks.includes(p.playbook)
      ? `playbook "${p.playbook}" is not in the catalogue`
      : !catalogue.hosts.includes(p.host)
        ? `host "${p.host}" is not in inventory.yml`
        : catalogue.protectedHosts.includes(p.host)
          ? `host "${p.host}" is protected: never automated`
          : !catalogue.findings.includes(p.finding)
            ? `finding "${p.finding}" was not reported by this run`
            : undefined;
    if (why) dropped.push(`pick ${p.playbook} on ${p.host}: ${why}`);
    return why === undefined;
  });
  const ideas = parsed.data.ideas.filter((i) => {
    const unknown = i.host !== undefined && !catalogue.hosts.includes(i.host);
    if (unknown) dropped.push(`idea "${i.title}": host "${i.host}" is not in inventory.yml`);
    return !unknown;
  });
  return { ok: true, answer: { ...parsed.data, picks, ideas }, dropped };
}
