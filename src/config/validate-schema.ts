import type { z } from "zod";
import type { ConfigIssue } from "../errors.ts";
import { formatPath, parseYaml } from "./parse-yaml.ts";

/** Parses YAML text and validates it against a schema; every issue names the file, key and line. */
export function validateYaml<T extends z.ZodType>(
  file: string,
  text: string,
  schema: T,
): { value?: z.infer<T>; issues: ConfigIssue[]; lineOf?: (path: PropertyKey[]) => number | undefined } {
  const parsed = parseYaml(file, text);
  if (!parsed.ok) return { issues: [parsed.issue] };
  const result = schema.safeParse(parsed.value);
  if (result.success) return { value: result.data, issues: [], lineOf: parsed.lineOf };
  const issues = result.error.issues.map((issue): ConfigIssue => {
    // An unknown key is located at the key itself, not at the object that holds it.
    const path = issue.code === "unrecognized_keys" && issue.keys.length === 1 ? [...issue.path, issue.keys[0]!] : issue.path;
    return { file, path: formatPath(path), line: parsed.lineOf(path), message: issue.message };
  });
  return { issues };
}
