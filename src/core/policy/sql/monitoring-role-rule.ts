import type { Effect } from "../effects.ts";
import { asObject, defElems, type SqlContext, type SqlObject } from "./sql-context.ts";

/**
 * The one narrow privilege rule (issue 10, item 4): the article's fix — a LOGIN role holding the
 * predefined monitoring roles and nothing more — stays possible unattended. Anything beyond the
 * exact shapes below is an ordinary privilege effect.
 */
export const MONITORING_ROLES: ReadonlySet<string> = new Set(["pg_monitor", "pg_read_all_stats", "pg_read_all_settings", "pg_stat_scan_tables"]);

export const MONITORING_RULES = {
  create: "monitoring-role create",
  grant: "monitoring-role grant",
  drop: "monitoring-role drop",
  comment: "monitoring-role comment",
} as const;

/** Options CREATE ROLE may carry besides LOGIN: each one only takes a power away. */
const HARMLESS_FALSE = new Set(["superuser", "createdb", "createrole", "isreplication", "bypassrls"]);

/** A plain lowercase identifier that is neither a built-in role nor looks like an administrator. */
export function isAllowedMonitoringRoleName(name: string | undefined): name is string {
  if (name === undefined || !/^[a-z_][a-z0-9_]{0,62}$/.test(name)) return false;
  if (name.startsWith("pg_") || name === "public" || name === "none") return false;
  return !/postgres|super|admin|root|owner|replicat|rds|azure|cloudsql/.test(name);
}

export function monitoringRoleEffect(type: string, body: SqlObject, ctx: SqlContext): Effect | undefined {
  // A role counts as created only by a top-level CREATE ROLE: one inside a DO block or a function
  // may never run (`IF false THEN CREATE …`), and the grant that follows would then reach an
  // existing role.
  const found =
    type === "CreateRoleStmt"
      ? ctx.depth === 0
        ? narrowCreate(body)
        : undefined
      : type === "GrantRoleStmt"
        ? narrowGrant(body)
        : type === "DropRoleStmt"
          ? narrowDrop(body)
          : type === "CommentStmt"
            ? narrowComment(body)
            : undefined;
  if (found === undefined) return undefined;
  return {
    effect: "monitoring-role",
    rule: MONITORING_RULES[found.kind],
    detail: `${found.kind} of the monitoring login role ${found.role} (LOGIN and predefined monitoring roles only)`,
    command: ctx.command,
    role: found.role,
  };
}

type Found = { kind: keyof typeof MONITORING_RULES; role: string };

function narrowCreate(body: SqlObject): Found | undefined {
  const role = typeof body.role === "string" ? body.role : undefined;
  if (body.stmt_type !== "ROLESTMT_ROLE" || !isAllowedMonitoringRoleName(role)) return undefined;
  const options = defElems(body.options);
  const login = options.some((o) => o.name === "canlogin" && booleanArg(o.arg) === true);
  const rest = options.every((o) => harmlessOption(o.name, o.arg));
  return login && rest && options.length === (Array.isArray(body.options) ? body.options.length : 0) ? { kind: "create", role } : undefined;
}

function harmlessOption(name: string, arg: SqlObject | undefined): boolean {
  if (name === "canlogin") return booleanArg(arg) === true;
  if (HARMLESS_FALSE.has(name)) return booleanArg(arg) === false;
  if (name === "inherit") return booleanArg(arg) !== undefined;
  if (name === "addroleto") {
    const items = asObject(arg?.List)?.items;
    return Array.isArray(items) && items.length > 0 && items.every((item) => MONITORING_ROLES.has(roleName(item) ?? ""));
  }
  return false;
}

function narrowGrant(body: SqlObject): Found | undefined {
  if (body.is_grant !== true || body.opt !== undefined || body.grantor !== undefined) return undefined;
  const granted = Array.isArray(body.granted_roles) ? body.granted_roles : [];
  const monitoringOnly =
    granted.length > 0 &&
    granted.every((item) => {
      const priv = asObject(asObject(item)?.AccessPriv);
      return priv?.cols === undefined && MONITORING_ROLES.has(String(priv?.priv_name));
    });
  const grantees = Array.isArray(body.grantee_roles) ? body.grantee_roles : [];
  const role = grantees.length === 1 ? roleName(grantees[0]) : undefined;
  return monitoringOnly && isAllowedMonitoringRoleName(role) ? { kind: "grant", role } : undefined;
}

/** `COMMENT ON ROLE r IS '…'`: a marker (which change created the role) a rollback can test. */
function narrowComment(body: SqlObject): Found | undefined {
  if (body.objtype !== "OBJECT_ROLE") return undefined;
  const role = asObject(asObject(body.object)?.String)?.sval;
  return typeof role === "string" && isAllowedMonitoringRoleName(role) ? { kind: "comment", role } : undefined;
}

function narrowDrop(body: SqlObject): Found | undefined {
  const roles = Array.isArray(body.roles) ? body.roles : [];
  const role = roles.length === 1 ? roleName(roles[0]) : undefined;
  return isAllowedMonitoringRoleName(role) ? { kind: "drop", role } : undefined;
}

/** A role written by name (`ROLESPEC_CSTRING`); PUBLIC, CURRENT_USER and friends have none. */
function roleName(item: unknown): string | undefined {
  const spec = asObject(asObject(item)?.RoleSpec);
  return spec?.roletype === "ROLESPEC_CSTRING" && typeof spec.rolename === "string" ? spec.rolename : undefined;
}

function booleanArg(arg: SqlObject | undefined): boolean | undefined {
  const value = asObject(arg?.Boolean);
  if (value === undefined) return undefined;
  return value.boolval === true;
}
