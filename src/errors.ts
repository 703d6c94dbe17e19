// Typed errors carry what a user needs to fix the problem; src/runner.ts is the one place that maps
// them to exit codes and messages.

/** One problem in one ops-repo file, located as precisely as the parser allows. */
export interface ConfigIssue {
  file: string;
  /** Dotted key path inside the file, e.g. `hosts[2].probes.postgres.dsnEnv`; empty for the whole file. */
  path: string;
  line?: number;
  message: string;
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

export class ConfigurationError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.name = "ConfigurationError";
  }
}

/** An action the policy engine refused; `reasons` come straight from the decision. */
export class RefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RefusedError";
  }
}

/** Bad command-line usage: unknown host, missing argument. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
