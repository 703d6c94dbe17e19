import type { EffectKind } from "../effects.ts";

/**
 * The class of every statement type the classifier knows, by libpg-query node name. A statement
 * type missing from this table is opaque. Statements whose class depends on their options (COPY,
 * VACUUM, SET, transactions, DROP, roles, DO, CREATE FUNCTION, CALL, …) are refined in
 * classify-statement-node.ts; the entry here is what they are when nothing refines them.
 */
const READ = ["read"] as const;
const DATA = ["data"] as const;
const SCHEMA = ["schema"] as const;
const PRIVILEGE = ["privilege"] as const;
const SERVER = ["server"] as const;

export const STATEMENT_CLASSES: Readonly<Record<string, readonly EffectKind[]>> = {
  // reads and session bookkeeping
  SelectStmt: READ, VariableShowStmt: READ, ExplainStmt: READ, TransactionStmt: READ, ReturnStmt: READ,
  DeclareCursorStmt: READ, FetchStmt: READ, ClosePortalStmt: READ, PrepareStmt: READ, DeallocateStmt: READ,
  ListenStmt: READ, UnlistenStmt: READ, ConstraintsSetStmt: READ, DiscardStmt: READ,
  // data
  InsertStmt: DATA, UpdateStmt: DATA, DeleteStmt: DATA, MergeStmt: DATA, TruncateStmt: DATA,
  RefreshMatViewStmt: DATA, CopyStmt: DATA,
  // schema: all DDL
  CreateStmt: SCHEMA, CreateTableAsStmt: SCHEMA, CreateSchemaStmt: SCHEMA, AlterTableStmt: SCHEMA,
  AlterTableMoveAllStmt: SCHEMA, AlterCollationStmt: SCHEMA, AlterDomainStmt: SCHEMA, CreateExtensionStmt: SCHEMA,
  AlterExtensionStmt: SCHEMA, AlterExtensionContentsStmt: SCHEMA, CreateFdwStmt: SCHEMA, AlterFdwStmt: SCHEMA,
  CreateForeignServerStmt: SCHEMA, AlterForeignServerStmt: SCHEMA, CreateForeignTableStmt: SCHEMA,
  ImportForeignSchemaStmt: SCHEMA, CreateAmStmt: SCHEMA, CreateTrigStmt: SCHEMA, CreateEventTrigStmt: SCHEMA,
  AlterEventTrigStmt: SCHEMA, CreatePLangStmt: SCHEMA, CreateSeqStmt: SCHEMA, AlterSeqStmt: SCHEMA,
  DefineStmt: SCHEMA, CreateDomainStmt: SCHEMA, CreateOpClassStmt: SCHEMA, CreateOpFamilyStmt: SCHEMA,
  AlterOpFamilyStmt: SCHEMA, DropStmt: SCHEMA, CommentStmt: SCHEMA, SecLabelStmt: SCHEMA, IndexStmt: SCHEMA,
  CreateStatsStmt: SCHEMA, AlterStatsStmt: SCHEMA, CreateFunctionStmt: SCHEMA, AlterFunctionStmt: SCHEMA,
  RenameStmt: SCHEMA, AlterObjectDependsStmt: SCHEMA, AlterObjectSchemaStmt: SCHEMA, AlterOperatorStmt: SCHEMA,
  AlterTypeStmt: SCHEMA, RuleStmt: SCHEMA, CompositeTypeStmt: SCHEMA, CreateEnumStmt: SCHEMA,
  CreateRangeStmt: SCHEMA, AlterEnumStmt: SCHEMA, ViewStmt: SCHEMA, CreatedbStmt: SCHEMA, AlterDatabaseStmt: SCHEMA,
  AlterDatabaseRefreshCollStmt: SCHEMA, CreateConversionStmt: SCHEMA, CreateCastStmt: SCHEMA,
  CreateTransformStmt: SCHEMA, AlterTSDictionaryStmt: SCHEMA, AlterTSConfigurationStmt: SCHEMA,
  CreatePublicationStmt: SCHEMA, AlterPublicationStmt: SCHEMA, ReplicaIdentityStmt: SCHEMA,
  DropdbStmt: ["data", "schema"],
  // schema changes that also move rights or credentials
  AlterOwnerStmt: ["schema", "privilege"], CreatePolicyStmt: ["schema", "privilege"],
  AlterPolicyStmt: ["schema", "privilege"], CreateUserMappingStmt: ["schema", "privilege"],
  AlterUserMappingStmt: ["schema", "privilege"], DropUserMappingStmt: ["schema", "privilege"],
  DropOwnedStmt: ["privilege", "data", "schema"],
  // privilege
  CreateRoleStmt: PRIVILEGE, AlterRoleStmt: PRIVILEGE, DropRoleStmt: PRIVILEGE, GrantStmt: PRIVILEGE,
  GrantRoleStmt: PRIVILEGE, AlterDefaultPrivilegesStmt: PRIVILEGE, ReassignOwnedStmt: PRIVILEGE,
  AlterRoleSetStmt: ["privilege", "server"],
  // the server itself: configuration, files, locks, maintenance that blocks, outbound connections
  AlterSystemStmt: SERVER, LockStmt: SERVER, VacuumStmt: SERVER, ClusterStmt: SERVER, ReindexStmt: SERVER,
  CheckPointStmt: SERVER, LoadStmt: SERVER, NotifyStmt: SERVER, VariableSetStmt: SERVER,
  AlterDatabaseSetStmt: ["schema", "server"], CreateTableSpaceStmt: ["schema", "server"],
  DropTableSpaceStmt: ["schema", "server"], AlterTableSpaceOptionsStmt: ["schema", "server"],
  CreateSubscriptionStmt: ["schema", "server"], AlterSubscriptionStmt: ["schema", "server"],
  DropSubscriptionStmt: ["schema", "server"],
  // decided by what they contain (refined): DO by its body, CALL by its procedure, EXECUTE by what was prepared
  DoStmt: [], CallStmt: [], ExecuteStmt: ["opaque"],
};

/** Parse-tree nodes that only give structure (names, literals, clauses); their children are still walked. */
export const STRUCTURAL_NODES: ReadonlySet<string> = new Set([
  "Integer", "Float", "Boolean", "String", "BitString", "List", "A_Const", "Alias", "RangeVar", "JoinExpr", "TypeName",
  "ColumnRef", "ParamRef", "TypeCast", "CollateClause", "RoleSpec", "A_Star", "A_Indices", "A_Indirection",
  "A_ArrayExpr", "ResTarget", "MultiAssignRef", "SortBy", "WindowDef", "RangeSubselect", "RangeFunction",
  "RangeTableFunc", "RangeTableFuncCol", "RangeTableSample", "ColumnDef", "TableLikeClause", "IndexElem",
  "DefElem", "XmlSerialize", "PartitionElem", "PartitionSpec", "PartitionBoundSpec", "PartitionRangeDatum",
  "PartitionCmd", "GroupingSet", "WithClause", "InferClause", "OnConflictClause", "CTESearchClause",
  "CTECycleClause", "CommonTableExpr", "MergeWhenClause", "ReturningClause", "ReturningOption",
  "TriggerTransition", "BoolExpr", "SubLink", "CaseExpr", "CaseWhen", "CoalesceExpr", "MinMaxExpr",
  "SQLValueFunction", "XmlExpr", "NullTest", "BooleanTest", "SetToDefault", "CurrentOfExpr", "RowExpr",
  "GroupingFunc", "NamedArgExpr", "MergeSupportFunc", "ObjectWithArgs", "AccessPriv", "Constraint",
  "FunctionParameter", "CreateOpClassItem", "StatsElem", "VacuumRelation", "PublicationTable",
  "PublicationObjSpec", "AlterTableCmd", "ATAlterConstraint", "JsonFormat", "JsonReturning", "JsonValueExpr",
  "JsonIsPredicate", "JsonBehavior", "JsonOutput", "JsonArgument", "JsonFuncExpr", "JsonTablePathSpec",
  "JsonTable", "JsonTableColumn", "JsonKeyValue", "JsonParseExpr", "JsonScalarExpr", "JsonSerializeExpr",
  "JsonObjectConstructor", "JsonArrayConstructor", "JsonArrayQueryConstructor", "JsonAggConstructor",
  "JsonObjectAgg", "JsonArrayAgg",
]);

/** Built-in operators (an operator is a function call: a user-defined one is opaque). */
export const BUILTIN_OPERATORS: ReadonlySet<string> = new Set([
  "=", "<>", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "^", "||", "~", "~*", "!~", "!~*", "~~", "~~*",
  "!~~", "!~~*", "@>", "<@", "&&", "->", "->>", "#>", "#>>", "?", "?|", "?&", "@@", "<<", ">>", "<<=", ">>=",
  "&", "|", "#", "|/", "||/", "@", "-|-", "&<", "&>", "<->", "~=", "#-", "@?",
  "BETWEEN", "NOT BETWEEN", "BETWEEN SYMMETRIC", "NOT BETWEEN SYMMETRIC",
]);
