/**
 * A PostgreSQL DSN as the pg client takes it: a `postgres://` URL. libpq's key=value form
 * (`host=db01 port=5432 user=exporter dbname=market`) is accepted too and turned into the URL; a
 * key the runner does not pass on is refused with the accepted forms, never silently dropped.
 */
const KEYS = new Set(["host", "port", "user", "password", "dbname", "sslmode", "application_name", "connect_timeout"]);
const ACCEPTED = 'use "postgres://user:password@host:port/db?sslmode=…" or "host=… port=… user=… password=… dbname=… sslmode=…"';

export function toPostgresUrl(dsn: string): string {
  const text = dsn.trim();
  if (/^postgres(ql)?:\/\//i.test(text)) {
    try {
      return new URL(text).toString();
    } catch {
      throw new Error(`the DSN is not a valid postgres:// URL: ${ACCEPTED}`);
    }
  }
  const pairs = new Map<string, string>();
  const pattern = /\s*([a-z_]+)\s*=\s*('((?:[^'\\]|\\.)*)'|([^\s']*))/gy;
  let match: RegExpExecArray | null;
  let end = 0;
  while ((match = pattern.exec(text)) !== null) {
    pairs.set(match[1]!, match[3] !== undefined ? match[3].replace(/\\(.)/g, "$1") : match[4]!);
    end = pattern.lastIndex;
  }
  if (pairs.size === 0 || text.slice(end).trim() !== "") throw new Error(`the DSN is neither a postgres:// URL nor key=value pairs: ${ACCEPTED}`);
  const unknown = [...pairs.keys()].filter((k) => !KEYS.has(k));
  if (unknown.length > 0) throw new Error(`the DSN's ${unknown.join(", ")} ${unknown.length > 1 ? "are" : "is"} not passed on by Rounds: ${ACCEPTED}`);
  const host = pairs.get("host") ?? "localhost";
  const url = new URL(`postgres://${host.includes(":") ? `[${host}]` : host}`);
  if (pairs.has("port")) url.port = pairs.get("port")!;
  if (pairs.has("user")) url.username = encodeURIComponent(pairs.get("user")!);
  if (pairs.has("password")) url.password = encodeURIComponent(pairs.get("password")!);
  url.pathname = `/${encodeURIComponent(pairs.get("dbname") ?? "")}`;
  for (const key of ["sslmode", "application_name", "connect_timeout"]) if (pairs.has(key)) url.searchParams.set(key, pairs.get(key)!);
  return url.toString();
}
