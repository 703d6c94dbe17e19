import { z } from "zod";
import { envName, name, strict } from "./strict.ts";
import { tooWide } from "../../core/policy/shell/paths.ts";

/** Where a private key comes from. Never the key itself. */
const identity = strict({
  keyFile: z.string().min(1).optional(),
  keyEnv: envName.optional(),
}).refine((v) => Boolean(v.keyFile) !== Boolean(v.keyEnv), { error: "give exactly one of keyFile or keyEnv" });

const service = strict({
  name,
  /** A Docker container, a systemd unit, or a plain process run by a supervisor (runit, s6, supervisord, a loop). */
  kind: z.enum(["container", "unit", "process"]),
  /** Declared stateless: a restart drops no state, so it is a reversible action. */
  stateless: z.boolean().default(false),
  /**
   * For `process`: the file holding its PID. A restart sends SIGTERM to that PID (`pkill -F FILE`) and
   * its supervisor starts it again; the classifier ties the signal to the service through this path.
   */
  pidFile: z.string().regex(/^\/[A-Za-z0-9_.@/-]+$/, { error: "must be a plain absolute path" }).refine((p) => !p.split("/").includes(".."), { error: "must not contain .." }).optional(),
}).refine((s) => (s.kind === "process") === (s.pidFile !== undefined), { error: "a process service gives its pidFile, and only a process service does", path: ["pidFile"] });

const probes = strict({
  host: z.boolean().default(true),
  docker: z.boolean().default(false),
  systemd: z.boolean().default(false),
  prometheus: strict({ url: z.url() }).optional(),
  postgres: strict({
    /** Environment variable holding the DSN. The DSN (with its password) never lives in the ops repo. */
    dsnEnv: envName,
    /** Environment variable holding the DSN of the role changes run as (attended SQL, monitoring roles). */
    operatorDsnEnv: envName.optional(),
    databases: z.array(name).default([]),
  }).optional(),
});

const host = strict({
  name,
  address: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(22),
  user: name.optional(),
  roles: z.array(name).default([]),
  /** Name of another inventory host to tunnel through. */
  jump: name.optional(),
  /** Pinned host key, `ssh-ed25519 AAAA…` (as in known_hosts, without the host name). */
  // A trailing comment (`root@db01`, as in a .pub file) is allowed; a known_hosts line (host first) is not.
  hostKey: z.string().regex(/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( [^\n]*)?$/, { error: "must be a public key line \"TYPE KEY [comment]\", e.g. \"ssh-ed25519 AAAAC3Nz… root@db01\" (the host's /etc/ssh/ssh_host_ed25519_key.pub; from ssh-keyscan, drop the leading host name)" }).optional(),
  probes: probes.default({ host: true, docker: false, systemd: false }),
  services: z.array(service).default([]),
});

const threshold = strict({
  op: z.enum([">", ">=", "<", "<=", "==", "!="]),
  value: z.number(),
});

const check = strict({
  name,
  description: z.string().optional(),
  /** The host the check is attributed to (its findings and locks). */
  host: name.optional(),
  prometheus: strict({
    /** Inventory host whose Prometheus endpoint answers the query. */
    endpoint: name,
    query: z.string().min(1),
    /** A breach is when `value op threshold` holds. */
    breach: threshold,
  }).optional(),
  http: strict({
    url: z.url(),
    expectStatus: z.number().int().min(100).max(599).default(200),
    timeoutMs: z.number().int().positive().default(10_000),
  }).optional(),
}).refine((c) => Boolean(c.prometheus) !== Boolean(c.http), { error: "a check is either prometheus or http, exactly one" });

export const inventorySchema = strict({
  version: z.literal(1),
  ssh: strict({
    user: name.default("rounds"),
    /** Read-only identity: sends only commands from the probe catalogue. */
    observer: identity.optional(),
    /** Change identity: loaded only inside a change window. */
    operator: identity.optional(),
    knownHosts: z.string().optional(),
    concurrency: z.number().int().min(1).max(1024).default(16),
    connectTimeoutMs: z.number().int().positive().default(10_000),
    commandTimeoutMs: z.number().int().positive().default(30_000),
    runTimeoutMs: z.number().int().positive().default(600_000),
    /** Where pre-change snapshots are kept on the hosts: `<snapshotRoot>/<host>/<change id>/`. */
    snapshotRoot: z.string().regex(/^\/[A-Za-z0-9_.\/-]*$/, { error: "must be a plain absolute path" })
      // Every change may write below it: it must be as narrow as a declared path (not /etc/systemd, not /).
      .refine((path) => tooWide(path) === undefined, { error: "must be a narrow directory of Rounds' own (e.g. /var/lib/rounds/snapshots), not a system root or a place that runs code" })
      .default("/var/lib/rounds/snapshots"),
  }).default({ user: "rounds", concurrency: 16, connectTimeoutMs: 10_000, commandTimeoutMs: 30_000, runTimeoutMs: 600_000, snapshotRoot: "/var/lib/rounds/snapshots" }),
  hosts: z.array(host).min(1, { error: "list at least one host" }),
  checks: z.array(check).default([]),
});

export type Inventory = z.infer<typeof inventorySchema>;
export type InventoryHost = Inventory["hosts"][number];
export type InventoryCheck = Inventory["checks"][number];
export type Identity = z.infer<typeof identity>;
