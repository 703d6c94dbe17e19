import type { Effect } from "../effects.ts";
import { classifyFunctionCall } from "./classify-function-call.ts";
import { classifyStatementNode, SECRET_SETTING } from "./classify-statement-node.ts";
import { FUNCTION_EFFECTS, FUNCTION_PREFIX_EFFECTS } from "./sql-function-vocabulary.ts";
import { asObject, isNodeKey, opaqueSql, sqlEffect, stringList, type SqlContext, type SqlObject } from "./sql-context.ts";
import { BUILTIN_OPERATORS, STATEMENT_CLASSES, STRUCTURAL_NODES } from "./sql-node-vocabulary.ts";

/** A plain object inside a node that is not a wrapped node (a RangeVar in `relation`, a clause). */
const STRUCT = "(struct)";

/**
 * Fields whose value is a node stored without its type wrapper, where the type matters: a call
 * (`CALL p()`), a UNION branch, an INTO clause, the SET inside ALTER SYSTEM. Every other unwrapped
 * object is walked as plain structure, so the wrapped nodes inside it are still found.
 */
const UNWRAPPED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  CallStmt: { funccall: "FuncCall", funcexpr: "FuncExpr" },
  SelectStmt: { larg: "SelectStmt", rarg: "SelectStmt", intoClause: "IntoClause" },
  PLAssignStmt: { val: "SelectStmt" },
  CreateTableAsStmt: { into: "IntoClause" },
  IntoClause: { viewQuery: "Query" },
  AlterDefaultPrivilegesStmt: { action: "GrantStmt" },
  AlterSystemStmt: { setstmt: "VariableSetStmt" },
  AlterRoleSetStmt: { setstmt: "VariableSetStmt" },
  AlterDatabaseSetStmt: { setstmt: "VariableSetStmt" },
  CreateForeignTableStmt: { base: "CreateStmt" },
};

/**
 * Walks a statement's whole tree — every nested node, however deep — and returns the effects of
 * each: statements anywhere (a data-modifying CTE, EXPLAIN ANALYZE's query), every function call
 * and operator, row locks, SELECT INTO. A node type outside the vocabulary is opaque. Iterative,
 * so a deeply nested expression cannot overflow the stack.
 */
export function walkSqlNode(type: string, body: unknown, ctx: SqlContext): Effect[] {
  const effects: Effect[] = [];
  const stack: [string, SqlObject][] = [[type, asObject(body) ?? {}]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [nodeType, node] = next;
    for (const found of classifyNode(nodeType, node, ctx)) effects.push(found);
    for (const [field, value] of Object.entries(node)) pushChildren(nodeType, field, value, stack);
  }
  return effects;
}

function pushChildren(parent: string, field: string, value: unknown, stack: [string, SqlObject][]): void {
  if (isNodeKey(field)) {
    stack.push([field, asObject(value) ?? {}]);
    return;
  }
  for (const item of Array.isArray(value) ? value : [value]) {
    if (Array.isArray(item)) {
      stack.push([STRUCT, { items: item }]);
      continue;
    }
    const object = asObject(item);
    if (object === undefined) continue;
    const keys = Object.keys(object);
    const wrapped = keys.length === 1 && keys[0] !== undefined && isNodeKey(keys[0]) ? keys[0] : undefined;
    if (wrapped !== undefined) stack.push([wrapped, asObject(object[wrapped]) ?? {}]);
    else stack.push([UNWRAPPED[parent]?.[field] ?? STRUCT, object]);
  }
}

/**
 * Catalogs that hold secrets or the server's own files: password hashes, user-mapping options,
 * postgresql.conf and pg_hba.conf as read from disk. Reading them is a privilege effect.
 */
const SECRET_RELATIONS = new Set([
  "pg_authid",
  "pg_shadow",
  "pg_user_mapping",
  "pg_user_mappings",
  "pg_file_settings",
  "pg_hba_file_rules",
  "pg_ident_file_mappings",
  "pg_statistic",
  "pg_statistic_ext_data",
  "pg_largeobject",
  "pg_subscription",
  "pg_settings",
]);

/**
 * `alias.f` is also how PostgreSQL spells f(alias) when alias is a function in FROM
 * (`SELECT g.pg_sleep FROM generate_series(2,2) g`). A qualified column whose last name is a
 * function with an effect is judged as that call; a user-defined function reached this way needs a
 * schema change first (never unattended).
 */
const CALLABLE_NAME =
  /^(pg_|lo_|dblink|set_config|nextval|setval|currval|txid_|query_to_|table_to_|cursor_to_|database_to_|schema_to_|ts_stat|xpath|current_setting)/;

function columnCall(node: SqlObject, ctx: SqlContext): Effect[] {
  const fields = Array.isArray(node.fields) ? node.fields : [];
  const last = asObject(asObject(fields.at(-1))?.String)?.sval;
  if (fields.length < 2 || typeof last !== "string") return [];
  const known = Object.hasOwn(FUNCTION_EFFECTS, last) || FUNCTION_PREFIX_EFFECTS.some((f) => last.startsWith(f.prefix));
  if (!known && !CALLABLE_NAME.test(last)) return [];
  const call = classifyFunctionCall([{ String: { sval: last } }], ctx);
  return call.effect === "read" ? [] : [call];
}

/** current_setting() of a setting that holds a password, or of a name the classifier cannot read. */
function settingRead(node: SqlObject, ctx: SqlContext): Effect[] {
  const name = stringList(node.funcname)?.at(-1);
  if (name !== "current_setting") return [];
  const arg = asObject(asObject(asObject(Array.isArray(node.args) ? node.args[0] : undefined)?.A_Const)?.sval)?.sval;
  if (typeof arg === "string" && !SECRET_SETTING.test(arg.toLowerCase())) return [];
  return [
    sqlEffect(ctx, "privilege", "sql current_setting", `current_setting(${typeof arg === "string" ? arg : "…"}) can return a connection string or a password`),
  ];
}

/** Built-in type names the parser leaves unqualified; any other single name is looked up on search_path. */
const BUILTIN_TYPES = new Set([
  "text",
  "varchar",
  "char",
  "bpchar",
  "name",
  "int",
  "int2",
  "int4",
  "int8",
  "integer",
  "bigint",
  "smallint",
  "numeric",
  "decimal",
  "real",
  "float4",
  "float8",
  "bool",
  "boolean",
  "date",
  "time",
  "timetz",
  "timestamp",
  "timestamptz",
  "interval",
  "json",
  "jsonb",
  "uuid",
  "bytea",
  "oid",
  "regclass",
  "regproc",
  "regprocedure",
  "regtype",
  "regrole",
  "regnamespace",
  "regoper",
  "inet",
  "cidr",
  "macaddr",
  "xml",
  "money",
  "bit",
  "varbit",
  "tsvector",
  "tsquery",
  "pg_lsn",
  "xid",
  "xid8",
  "cid",
  "tid",
  "record",
  "void",
]);

/** A cast to a type outside pg_catalog runs that type's input function or a domain's CHECK. */
function castEffects(node: SqlObject, ctx: SqlContext): Effect[] {
  const names = stringList(asObject(node.typeName)?.names);
  if (names === undefined || names[0] === "pg_catalog" || (names.length === 1 && BUILTIN_TYPES.has(names[0]!))) return [];
  return [opaqueSql(ctx, "cast", `a cast to ${names.join(".")}, a type outside pg_catalog, runs its own functions`)];
}

function relationEffects(node: SqlObject, ctx: SqlContext): Effect[] {
  const name = typeof node.relname === "string" ? node.relname.toLowerCase() : undefined;
  if (name === undefined || !SECRET_RELATIONS.has(name)) return [];
  return [sqlEffect(ctx, "privilege", `sql reads ${name}`, `${name} holds secrets or the server's own configuration files`)];
}

function classifyNode(type: string, node: SqlObject, ctx: SqlContext): Effect[] {
  // A relation is a RangeVar, wrapped in FROM lists, unwrapped in `relation` fields (COPY, LOCK, …).
  if (type === STRUCT || type === "RangeVar") return relationEffects(node, ctx);
  if (type === "FuncCall") return [classifyFunctionCall(node.funcname, ctx), ...settingRead(node, ctx)];
  if (type === "ColumnRef") return columnCall(node, ctx);
  if (type === "TypeCast") return castEffects(node, ctx);
  if (type === "A_Expr") return classifyOperator(node, ctx);
  // `(expr).name` is also how PostgreSQL spells the call name(expr): each field is judged as a call.
  if (type === "A_Indirection") return indirectionCalls(node, ctx);
  if (type === "SubLink" && Array.isArray(node.operName)) return classifyOperator({ name: node.operName }, ctx);
  if (type === "SortBy" && Array.isArray(node.useOp)) return classifyOperator({ name: node.useOp }, ctx);
  if (type === "LockingClause") return [sqlEffect(ctx, "server", "sql FOR UPDATE/SHARE", "row locks block other sessions")];
  if (type === "IntoClause") return [sqlEffect(ctx, "schema", "sql SELECT INTO", "SELECT … INTO creates a table")];
  if (Object.hasOwn(STATEMENT_CLASSES, type)) return classifyStatementNode(type, node, ctx);
  if (STRUCTURAL_NODES.has(type)) return [];
  return [opaqueSql(ctx, "unknown node", `${type} is not in the vocabulary of SQL the classifier understands`)];
}

function indirectionCalls(node: SqlObject, ctx: SqlContext): Effect[] {
  const fields = Array.isArray(node.indirection) ? node.indirection : [];
  return fields.flatMap((field) => {
    const name = asObject(asObject(field)?.String)?.sval;
    return typeof name === "string" ? [classifyFunctionCall([{ String: { sval: name } }], ctx)] : [];
  });
}

/** An operator is a function call: a built-in symbol, bare or `OPERATOR(pg_catalog.…)`, or opaque. */
function classifyOperator(node: SqlObject, ctx: SqlContext): Effect[] {
  const name = stringList(node.name);
  const symbol = name?.at(-1);
  const schemaOk = name?.length === 1 || (name?.length === 2 && name[0] === "pg_catalog");
  if (symbol !== undefined && schemaOk && BUILTIN_OPERATORS.has(symbol)) return [];
  return [opaqueSql(ctx, "unknown operator", `operator ${name?.join(".") ?? "(unreadable)"} is not a built-in one`)];
}
