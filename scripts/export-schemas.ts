// Regenerates schemas/*.json from the zod schemas: `npm run schemas`.
import { writeFile } from "node:fs/promises";
import { jsonSchemas } from "../src/config/json-schemas.ts";

for (const [file, text] of Object.entries(jsonSchemas())) {
  await writeFile(new URL(`../schemas/${file}`, import.meta.url), text);
  console.log(`wrote schemas/${file}`);
}
