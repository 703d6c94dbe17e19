import { createRequire } from "node:module";
import type { ShellCommand, ShellRedirect, ShellScript, ShellWord } from "../core/policy/shell/shell-model.ts";
import { ARITHMETIC_TESTS, BINARY, bracesExpand, NAME_TESTS, numericArithm, REDIRECT, SAFE_PARAM_OPS, unescapeBare, unescapeDouble } from "./shell-words.ts";

/**
 * The shell half of the parsers port: mvdan-sh (the shfmt parser, compiled to JavaScript) parses a
 * step as bash, and this file turns its tree into the plain model the pure classifier walks. Every
 * node type it does not know becomes an opaque construct, so a new shell feature fails closed.
 */

// mvdan-sh is CommonJS (GopherJS output): loaded on first use, never at start-up.
type Node = any; // eslint-disable-line @typescript-eslint/no-explicit-any
let syntax: Node | undefined;
function load(): Node {
  syntax ??= (createRequire(import.meta.url)("mvdan-sh") as { syntax: Node }).syntax;
  return syntax;
}

/** Steps larger than this are not parsed: a playbook step is a command line, not a program. */
export const MAX_SHELL_BYTES = 64 * 1024;

export function parseShell(source: string): ShellScript {
  if (Buffer.byteLength(source) > MAX_SHELL_BYTES) throw new Error(`the command is longer than ${MAX_SHELL_BYTES} bytes`);
  const sx = load();
  const parser = sx.NewParser(sx.KeepComments(false), sx.Variant(sx.LangBash));
  let file: Node;
  try {
    file = parser.Parse(source, "step");
  } catch (error) {
    throw new Error(describeParseError(error));
  }
  return new Converter(sx, source).script(file);
}

function describeParseError(error: unknown): string {
  const e = error as { Error?: () => string; message?: string };
  const text = typeof e?.Error === "function" ? e.Error() : (e?.message ?? String(error));
  return text.replace(/^step:/, "at ");
}

class Converter {
  /** How deep inside `$(…)` the walk is. */
  private substitutions = 0;
  private readonly bytes: Buffer;
  private readonly commands: ShellCommand[] = [];
  private readonly constructs: ShellScript["constructs"] = [];
  constructor(
    private readonly sx: Node,
    source: string,
  ) {
    this.bytes = Buffer.from(source);
  }

  script(file: Node): ShellScript {
    this.stmts(file.Stmts, false);
    return { commands: this.commands, constructs: this.constructs };
  }

  private text(node: Node): string {
    return this.bytes.subarray(node.Pos().Offset(), node.End().Offset()).toString();
  }

  private type(node: Node): string {
    return this.sx.NodeType(node);
  }

  private opaque(kind: string, node: Node): void {
    this.constructs.push({ kind, text: this.text(node) });
  }

  private stmts(list: Node[] | null | undefined, piped: boolean): void {
    for (const stmt of list ?? []) this.stmt(stmt, piped);
  }

  private stmt(stmt: Node, piped: boolean, pipedFrom?: ShellWord[]): void {
    if (stmt.Background) this.opaque("a background job (&)", stmt);
    if (stmt.Coprocess) this.opaque("a coprocess", stmt);
    const redirects = (stmt.Redirs ?? []).map((r: Node) => this.redirect(r));
    const cmd = stmt.Cmd;
    if (!cmd) {
      this.commands.push({ text: this.text(stmt), assigns: [], args: [], redirects, piped });
      return;
    }
    const kind = this.type(cmd);
    if (kind === "CallExpr") {
      const assigns = (cmd.Assigns ?? []).map((a: Node) => this.assign(a));
      const args = (cmd.Args ?? []).map((w: Node) => this.word(w));
      this.commands.push({ text: this.text(stmt), assigns, args, redirects, piped, ...(pipedFrom ? { pipedFrom } : {}) });
      return;
    }
    // A compound command's redirections apply to all of it: keep them as a command of their own.
    if (redirects.length > 0) this.commands.push({ text: this.text(stmt), assigns: [], args: [], redirects, piped });
    this.compound(kind, cmd, piped);
  }

  private compound(kind: string, cmd: Node, piped: boolean): void {
    switch (kind) {
      case "BinaryCmd": {
        const op = BINARY[cmd.Op as number];
        if (!op) return this.opaque(`an unknown operator (${cmd.Op})`, cmd);
        const before = this.commands.length;
        this.stmt(cmd.X, piped);
        // A pipe fed by one simple command with no redirections: the reader may see what it writes.
        const simple = op === "|" && this.commands.length === before + 1 && cmd.X.Cmd && this.type(cmd.X.Cmd) === "CallExpr" && !(cmd.X.Redirs ?? []).length;
        this.stmt(cmd.Y, op === "|" || op === "|&" ? true : piped, simple ? this.commands.at(-1)!.args : undefined);
        return;
      }
      case "Subshell":
      case "Block":
        return this.stmts(cmd.Stmts, piped);
      case "IfClause":
        for (let clause = cmd; clause; clause = clause.Else) {
          this.stmts(clause.Cond, false);
          this.stmts(clause.Then, false);
        }
        return;
      case "WhileClause":
        this.stmts(cmd.Cond, piped);
        return this.stmts(cmd.Do, false);
      case "ForClause": {
        const loop = cmd.Loop;
        if (this.type(loop) !== "WordIter") return this.opaque("an arithmetic for loop", cmd);
        // The loop variable is assigned on every turn (`for PATH in /tmp; …`): checked like an assignment.
        this.commands.push({
          text: this.text(cmd),
          assigns: [{ name: String(loop.Name?.Value ?? ""), value: { text: "" } }],
          args: [],
          redirects: [],
          piped: false,
        });
        for (const item of loop.Items ?? []) this.word(item);
        return this.stmts(cmd.Do, false);
      }
      case "CaseClause":
        this.word(cmd.Word);
        for (const item of cmd.Items ?? []) {
          for (const pattern of item.Patterns ?? []) this.word(pattern);
          this.stmts(item.Stmts, false);
        }
        return;
      case "TimeClause":
        if (cmd.Stmt) this.stmt(cmd.Stmt, piped);
        return;
      case "TestClause":
        return this.testExpr(cmd.X);
      case "FuncDecl":
        return this.opaque("a function definition", cmd);
      case "DeclClause":
        return this.opaque(`a declaration (${cmd.Variant?.Value ?? "declare"})`, cmd);
      default:
        return this.opaque(`a shell construct the classifier does not model (${kind})`, cmd);
    }
  }

  /** `[[ … ]]` only tests, but its words may hold command substitutions: walk them. */
  private testExpr(expr: Node): void {
    if (!expr) return;
    const kind = this.type(expr);
    if (kind === "Word") this.word(expr);
    else if (kind === "BinaryTest" && ARITHMETIC_TESTS.has(expr.Op as number) && !(numericArithm(expr.X, this.sx) && numericArithm(expr.Y, this.sx))) {
      this.opaque("an arithmetic comparison in [[ ]] over names (bash evaluates a variable's value as code)", expr);
    } else if (kind === "UnaryTest" && NAME_TESTS.has(expr.Op as number)) {
      this.opaque("a variable test in [[ ]] (-v, -R evaluate a subscript)", expr);
    } else if (kind === "BinaryTest") {
      this.testExpr(expr.X);
      this.testExpr(expr.Y);
    } else if (kind === "UnaryTest" || kind === "ParenTest") this.testExpr(expr.X);
    else this.opaque(`a test expression the classifier does not model (${kind})`, expr);
  }

  private assign(node: Node): { name: string; value: ShellWord } {
    const name = node.Name?.Value ?? "";
    if (node.Index || node.Array || node.Append || node.Naked) this.opaque("an array or appending assignment", node);
    const value = node.Value ? this.word(node.Value) : { text: "", value: "" };
    return { name, value };
  }

  private redirect(node: Node): ShellRedirect {
    const op = REDIRECT[node.Op as number] ?? `?${node.Op}`;
    if (op.startsWith("?")) this.opaque(`an unknown redirection (${node.Op})`, node);
    const target = node.Word ? this.word(node.Word) : { text: "" };
    const redirect: ShellRedirect = { op, target, ...(node.N ? { fd: node.N.Value as string } : {}) };
    // bash ends a here-document inside $(…) at a line mvdan-sh reads as its body: they disagree.
    if ((op === "<<" || op === "<<-") && this.substitutions > 0)
      this.opaque("a here-document inside a command substitution (bash and the parser may end it at different lines)", node);
    if ((op === "<<" || op === "<<-") && node.Hdoc) redirect.heredoc = this.heredoc(node, op === "<<-");
    return redirect;
  }

  /** A quoted delimiter keeps the body literal; an unquoted one expands it like double quotes. */
  private heredoc(node: Node, stripTabs: boolean): ShellWord {
    const quoted = (node.Word.Parts ?? []).some((p: Node) => this.type(p) !== "Lit") || /[\\'"]/.test(this.text(node.Word));
    const parts: Node[] = node.Hdoc.Parts ?? [];
    let value: string | undefined = "";
    for (const part of parts) {
      if (this.type(part) !== "Lit") {
        this.dynamicPart(part);
        value = undefined;
      } else if (value !== undefined) value += quoted ? part.Value : unescapeDouble(part.Value);
    }
    if (value !== undefined && stripTabs) value = value.replace(/^\t+/gm, "");
    return { text: this.text(node.Hdoc), ...(value === undefined ? {} : { value }) };
  }

  /** Quote and escape removal. A word whose value depends on expansion has no `value`. */
  word(node: Node): ShellWord {
    const text = this.text(node);
    let value: string | undefined = "";
    const parts: Node[] = node.Parts ?? [];
    parts.forEach((part, i) => {
      const piece = this.part(part, i === 0);
      value = value === undefined || piece === undefined ? undefined : value + piece;
    });
    // Brace expansion can span quoted parts (`.{"",.}`, `'{'/',}'`): look at the whole word, with
    // quoted parts and escaped characters standing for one ordinary character each.
    const bare = parts.map((p) => (this.type(p) === "Lit" ? String(p.Value).replace(/\\[\s\S]/g, "E") : "Q")).join("");
    // …and so can a glob (`/etc/shado[w""]`).
    if (bracesExpand(bare) || (parts.length > 1 && /[*?]|\[[^\]]*\]/.test(bare))) value = undefined;
    return value === undefined ? { text } : { text, value };
  }

  private part(part: Node, first: boolean): string | undefined {
    switch (this.type(part)) {
      case "Lit":
        return unescapeBare(part.Value, first);
      case "SglQuoted":
        // $'…' decodes escapes in bash but not in dash: its value is not one thing, so it is dynamic.
        return part.Dollar ? undefined : part.Value;
      case "DblQuoted": {
        if (part.Dollar) return undefined;
        let value: string | undefined = "";
        for (const inner of part.Parts ?? []) {
          if (this.type(inner) === "Lit") value = value === undefined ? undefined : value + unescapeDouble(inner.Value);
          else {
            this.dynamicPart(inner);
            value = undefined;
          }
        }
        return value;
      }
      default:
        this.dynamicPart(part);
        return undefined;
    }
  }

  /** An expansion: no static value, but any command it runs is a command of the step. */
  private dynamicPart(part: Node): void {
    const kind = this.type(part);
    this.evaluating(part);
    if (kind === "CmdSubst") {
      this.substitutions++;
      this.stmts(part.Stmts, false);
      this.substitutions--;
      return;
    }
    if (kind === "ProcSubst") {
      this.opaque("a process substitution", part);
      return this.stmts(part.Stmts, false);
    }
    // Parameter and arithmetic expansions may nest command substitutions (`${x:-$(cmd)}`): find them.
    this.sx.Walk(part, (inner: Node) => {
      if (!inner || inner === part) return true;
      const t = this.type(inner);
      if (t === "CmdSubst" || t === "ProcSubst") {
        this.dynamicPart(inner);
        return false;
      }
      this.evaluating(inner);
      return true;
    });
  }

  /**
   * bash evaluates a name in arithmetic as an expression, recursively: `x='a[$(cmd)]'; $((x))`
   * runs cmd. So arithmetic over anything but numbers, and every expansion form that evaluates its
   * operand (indirection, subscripts, offsets, transformations such as ${x@P}), is opaque.
   */
  private evaluating(node: Node): void {
    const kind = this.type(node);
    if (kind === "ArithmExp" && !numericArithm(node.X, this.sx))
      this.opaque("an arithmetic expansion over names (bash evaluates a variable's value as code)", node);
    if (kind !== "ParamExp") return;
    if (node.Excl) this.opaque("an indirect expansion (${!x}), which evaluates the value it finds", node);
    if (node.Exp && !SAFE_PARAM_OPS.has(node.Exp.Op as number)) this.opaque("a parameter transformation (${x@…})", node);
    if (node.Index && !numericArithm(node.Index, this.sx)) this.opaque("an array subscript, which bash evaluates as arithmetic", node);
    if (node.Slice && !(numericArithm(node.Slice.Offset, this.sx) && (!node.Slice.Length || numericArithm(node.Slice.Length, this.sx))))
      this.opaque("a substring offset, which bash evaluates as arithmetic", node);
  }
}
