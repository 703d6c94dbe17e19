import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadOpsConfig } from "../../src/config/load-ops-config.ts";
import type { OpsConfig } from "../../src/config/ops-config.ts";

export const TEMPLATE = fileURLToPath(new URL("../../ops-repo-template/", import.meta.url));

/** The template's config files as text, keyed by path, to be edited by a test. */
export function templateFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of ["guardrails.yml", "inventory.yml"]) files[name] = readFileSync(join(TEMPLATE, name), "utf8");
  for (const name of readdirSync(join(TEMPLATE, "playbooks"))) files[`playbooks/${name}`] = readFileSync(join(TEMPLATE, "playbooks", name), "utf8");
  return files;
}

/** An in-memory ops repo for the loader. */
export function memorySource(files: Record<string, string>) {
  return {
    read: async (path: string) => files[path],
    list: async (dir: string) =>
      Object.keys(files)
        .filter((f) => f.startsWith(`${dir}/`))
        .map((f) => f.slice(dir.length + 1)),
  };
}

export async function loadTemplateConfig(edit: (files: Record<string, string>) => void = () => {}): Promise<OpsConfig> {
  const files = templateFiles();
  edit(files);
  const { config, issues } = await loadOpsConfig(memorySource(files));
  if (!config) throw new Error(issues.map((i) => `${i.file}:${i.line}: ${i.path}: ${i.message}`).join("\n"));
  return config;
}
