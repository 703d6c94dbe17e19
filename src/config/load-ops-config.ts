import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { ConfigurationError, type ConfigIssue } from "../errors.ts";
import { GUARDRAILS_FILE, INVENTORY_FILE, PLAYBOOKS_DIR, type OpsConfig } from "./ops-config.ts";
import { guardrailsSchema } from "./schemas/guardrails.ts";
import { inventorySchema } from "./schemas/inventory.ts";
import { playbookSchema, type Playbook } from "./schemas/playbook.ts";
import { resolveAddresses } from "./resolve-addresses.ts";
import { validateReferences } from "./validate-references.ts";
import { validateYaml } from "./validate-schema.ts";

/** Reads files by their path relative to the ops repo; undefined when a file does not exist. */
export type ReadOpsFile = (path: string) => Promise<string | undefined>;
export type ListOpsDir = (path: string) => Promise<string[]>;

/** Reads from a working tree on disk. */
export function workingTree(dir: string): { read: ReadOpsFile; list: ListOpsDir } {
  return {
    read: async (path) =>
      readFile(join(dir, path), "utf8").catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return undefined;
        throw error;
      }),
    list: async (path) =>
      readdir(join(dir, path)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return [];
        throw error;
      }),
  };
}

/**
 * Loads and validates guardrails, inventory and playbooks. Collects every issue in every file
 * before it gives up, so one `rounds check` shows all that needs fixing.
 */
export async function loadOpsConfig(
  source: { read: ReadOpsFile; list: ListOpsDir },
  options: { resolve?: (inventory: OpsConfig["inventory"]) => Promise<OpsConfig["resolved"]> } = {},
): Promise<{ config?: OpsConfig; issues: ConfigIssue[]; withLines: (issues: ConfigIssue[]) => ConfigIssue[] }> {
  const { resolve = resolveAddresses } = options;
  const issues: ConfigIssue[] = [];
  const lines = new Map<string, (path: PropertyKey[]) => number | undefined>();
  const load = async <T>(file: string, schema: Parameters<typeof validateYaml>[2]) => {
    const text = await source.read(file);
    if (text === undefined) {
      issues.push({ file, path: "", message: "the file is missing" });
      return undefined;
    }
    const result = validateYaml(file, text, schema);
    issues.push(...result.issues);
    if (result.lineOf) lines.set(file, result.lineOf);
    return result.value as T | undefined;
  };
  const guardrails = await load<OpsConfig["guardrails"]>(GUARDRAILS_FILE, guardrailsSchema);
  const inventory = await load<OpsConfig["inventory"]>(INVENTORY_FILE, inventorySchema);
  const files = (await source.list(PLAYBOOKS_DIR)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const playbooks: Playbook[] = [];
  const playbookFiles: string[] = [];
  for (const name of files) {
    const file = `${PLAYBOOKS_DIR}/${name}`;
    const playbook = await load<Playbook>(file, playbookSchema);
    if (playbook) {
      playbooks.push(playbook);
      playbookFiles.push(file);
    }
  }
  // An issue found later (the playbook audit) gets its line from the file it names, as the loader's own do.
  const withLines = (found: ConfigIssue[]) =>
    found.map((issue) => (issue.line === undefined ? { ...issue, line: lines.get(issue.file)?.(keysOf(issue.path)) } : issue));
  if (!guardrails || !inventory) return { issues, withLines };
  // Resolved now, once: the policy compares machines by the addresses the runner reaches.
  const config: OpsConfig = { guardrails, inventory, playbooks, resolved: await resolve(inventory) };
  issues.push(...withLines(validateReferences(config, playbookFiles)));
  return issues.length > 0 ? { issues, withLines } : { config, issues, withLines };
}

/** `hosts[2].probes.postgres` → ["hosts", 2, "probes", "postgres"]. */
function keysOf(path: string): PropertyKey[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/** Loads the configuration or throws a ConfigurationError listing every issue. */
export async function requireOpsConfig(source: { read: ReadOpsFile; list: ListOpsDir }): Promise<OpsConfig> {
  const { config, issues } = await loadOpsConfig(source);
  if (!config) throw new ConfigurationError(issues);
  return config;
}
