import { describe, expect, it } from "vitest";
import pg from "pg";
import { toPostgresUrl } from "../../src/adapters/postgres-dsn.ts";
import { startPostgres } from "../support/postgres.ts";

describe("a PostgreSQL DSN in either of libpq's forms", () => {
  it.each([
    ["postgres://exporter:s3cret@db01:5432/market?sslmode=require", "postgres://exporter:s3cret@db01:5432/market?sslmode=require"],
    ["host=db01 port=5432 user=exporter password=s3cret dbname=market sslmode=require", "postgres://exporter:s3cret@db01:5432/market?sslmode=require"],
    ["host = db01   dbname = market", "postgres://db01/market"],
    ["host=db01 user=exporter password='it''s' dbname=market".replace("''", "\\'"), "postgres://exporter:it's@db01/market"],
    ["host=::1 dbname=market", "postgres://[::1]/market"],
  ])("%s", (dsn, url) => {
    expect(toPostgresUrl(dsn)).toBe(url);
  });

  it.each([
    ["host=db01 service=prod", "the DSN's service is not passed on by Rounds"],
    ["db01:5432/market", "neither a postgres:// URL nor key=value pairs"],
    ["host=db01 dbname='unterminated", "neither a postgres:// URL nor key=value pairs"],
  ])("refuses %s with the accepted forms", (dsn, why) => {
    expect(() => toPostgresUrl(dsn)).toThrow(new RegExp(`${why}.*use "postgres://user:password@host:port/db`));
  });

  it("connects to a real PostgreSQL with a key=value DSN", async () => {
    const server = await startPostgres();
    try {
      const url = new URL(server.dsn("postgres"));
      const client = new pg.Client({
        connectionString: toPostgresUrl(
          `host=127.0.0.1 port=${url.port} user=${decodeURIComponent(url.username)} password=${decodeURIComponent(url.password)} dbname=postgres`,
        ),
      });
      await client.connect();
      expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      await client.end();
    } finally {
      await server.stop();
    }
  });
});
