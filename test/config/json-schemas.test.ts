import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { jsonSchemas } from "../../src/config/json-schemas.ts";

describe("schemas/*.json", () => {
  it.each(Object.entries(jsonSchemas()))("%s is in sync with the zod schema (regenerate with `npm run schemas`)", (file, text) => {
    expect(readFileSync(new URL(`../../schemas/${file}`, import.meta.url), "utf8")).toBe(text);
  });

  it("rejects unknown keys in editors too", () => {
    const guardrails = JSON.parse(jsonSchemas()["guardrails.schema.json"]!) as { additionalProperties: boolean };
    expect(guardrails.additionalProperties).toBe(false);
  });
});
