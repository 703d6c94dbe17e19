import { z } from "zod";
import { guardrailsSchema } from "./schemas/guardrails.ts";
import { inventorySchema } from "./schemas/inventory.ts";
import { playbookSchema } from "./schemas/playbook.ts";

/** The JSON Schema files under schemas/, for editor completion; a test keeps them in sync. */
export function jsonSchemas(): Record<string, string> {
  const render = (schema: z.ZodType, id: string) =>
    `${JSON.stringify({ $id: id, ...z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) }, null, 2)}\n`;
  return {
    "guardrails.schema.json": render(guardrailsSchema, "https://rounds.dev/schemas/guardrails.schema.json"),
    "inventory.schema.json": render(inventorySchema, "https://rounds.dev/schemas/inventory.schema.json"),
    "playbook.schema.json": render(playbookSchema, "https://rounds.dev/schemas/playbook.schema.json"),
  };
}
