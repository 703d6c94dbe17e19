import { loadParsers } from "../../src/adapters/parsers.ts";

/** The real parsers (mvdan-sh, libpg-query), loaded once per test file. */
export const parsers = await loadParsers();
