// mvdan-sh's token numbers and the word-level rules the shell adapter (shell-parser.ts) applies:
// quote and escape removal, brace and glob detection, numbers-only arithmetic. Pure.

// mvdan-sh's tree is untyped JavaScript (GopherJS output).
type Node = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export const BINARY: Record<number, string> = { 10: "&&", 11: "||", 12: "|", 13: "|&" };
/** mvdan-sh's tokens for `${x+w}` … `${x,,}` (68–83); `${x@op}` (84) transforms and is not among them. */
export const SAFE_PARAM_OPS = new Set(Array.from({ length: 16 }, (_, i) => 68 + i));
/** `-eq -ne -le -ge -lt -gt` inside `[[ ]]`: their operands are evaluated as arithmetic. */
export const ARITHMETIC_TESTS = new Set([116, 117, 118, 119, 120, 121]);
/** `-v` and `-R` inside `[[ ]]` take a variable name, subscript included. */
export const NAME_TESTS = new Set([110, 111]);

/** An arithmetic expression made of numbers and operators only: nothing in it is evaluated as a name. */
export function numericArithm(node: Node, sx: { NodeType(n: Node): string }): boolean {
  if (!node) return true;
  switch (sx.NodeType(node)) {
    case "Word":
      return (node.Parts ?? []).length === 1 && sx.NodeType(node.Parts[0]) === "Lit" && /^(0[xX][0-9a-fA-F]+|\d+)$/.test(node.Parts[0].Value as string);
    case "BinaryArithm":
      return numericArithm(node.X, sx) && numericArithm(node.Y, sx);
    case "UnaryArithm":
    case "ParenArithm":
      return numericArithm(node.X, sx);
    default:
      return false;
  }
}
export const REDIRECT: Record<number, string> = {
  54: ">",
  55: ">>",
  56: "<",
  57: "<>",
  58: "<&",
  59: ">&",
  60: ">|",
  61: "<<",
  62: "<<-",
  63: "<<<",
  64: "&>",
  65: "&>>",
};

/**
 * Unquoted text: a backslash quotes the next character and a backslash-newline disappears. Returns
 * undefined when an unquoted glob, brace expansion or leading tilde would make the word expand.
 */
export function unescapeBare(raw: string, first: boolean): string | undefined {
  let out = "";
  let bare = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === "\\") {
      const next = raw[i + 1];
      i++;
      if (next === undefined || next === "\n") continue;
      out += next;
      bare += " ";
      continue;
    }
    out += c;
    bare += c;
  }
  if (/[*?]|\[.+\]/.test(bare) || bracesExpand(bare) || (first && bare.startsWith("~"))) return undefined;
  return out;
}

/** `{a,b}` or `{1..3}` somewhere in unquoted text; linear, so a long step cannot make it slow. */
export function bracesExpand(bare: string): boolean {
  let open = -1;
  let list = false;
  for (let i = 0; i < bare.length; i++) {
    const c = bare[i];
    if (c === "{") {
      open = i;
      list = false;
    } else if (c === "}" && open >= 0) {
      if (list) return true;
      open = -1;
    } else if (open >= 0 && (c === "," || (c === "." && bare[i + 1] === "."))) list = true;
  }
  return false;
}

/** Inside double quotes (and unquoted here-documents) a backslash quotes only `$`, backquote, `"`, `\` and newline. */
export function unescapeDouble(raw: string): string {
  return raw.replace(/\\([$`"\\\n])/g, (_, c: string) => (c === "\n" ? "" : c));
}
