import { isCatalogueCommand, isCatalogueWrite } from "../core/probes/catalogue.ts";
import type { Identity } from "./ports.ts";
import { NotInCatalogueError } from "./transport-error.ts";

/** A short, printable rendering of refused text for the error message (never the whole payload). */
function shown(text: string): string {
  const printable = JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
  return printable;
}

/** Throws unless the identity may send this command. Called by every transport before any I/O. */
export function assertCommandAllowed(identity: Identity, host: string, command: string): void {
  if (identity === "observer" && !isCatalogueCommand(command)) throw new NotInCatalogueError(host, `command ${shown(command)}`);
}

export function assertWriteAllowed(identity: Identity, host: string, path: string, content: string): void {
  if (identity === "observer" && !isCatalogueWrite(path, content)) throw new NotInCatalogueError(host, `write to ${shown(path)}`);
}
