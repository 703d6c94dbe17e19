import { LedgerError } from "../../src/core/ledger/index.ts";

/** Runs an edit that must refuse, and returns its LedgerError (anything else fails the test). */
export function catchLedgerError(edit: () => unknown): LedgerError {
  try {
    edit();
  } catch (error) {
    if (error instanceof LedgerError) return error;
    throw error;
  }
  throw new Error("expected the edit to refuse with a LedgerError");
}
