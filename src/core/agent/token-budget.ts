/** A rough count (4 characters a token) for what has not been sent yet; the server's own count wins after. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface BudgetCheck {
  allowed: boolean;
  /** The answer's limit (max_tokens) that keeps the run inside its budget. */
  maxAnswerTokens: number;
  reason?: string;
}

/** Whether a request of `promptTokens` fits in what is left of the run's budget, with room for an answer. */
export function checkBudget(usedTokens: number, maxTokensPerRun: number, promptTokens: number, minAnswerTokens = 256): BudgetCheck {
  const left = maxTokensPerRun - usedTokens - promptTokens;
  if (left < minAnswerTokens)
    return {
      allowed: false,
      maxAnswerTokens: 0,
      reason: `token budget: ${usedTokens} used + ~${promptTokens} for the prompt leaves ${Math.max(0, left)} of agent.maxTokensPerRun (${maxTokensPerRun}), less than the ${minAnswerTokens} an answer needs`,
    };
  return { allowed: true, maxAnswerTokens: Math.min(left, 4096) };
}
