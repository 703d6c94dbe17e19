/**
 * Which host keys a host may present: the key pinned in inventory.yml, or the entries of the
 * known_hosts file that match the host. Never trust-on-first-use: no entry means refusal.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export interface KnownKey {
  type: string;
  blob: Buffer;
  /** `@revoked` lines: presenting this key is refusal even if another line allows it. */
  revoked: boolean;
}

export type HostKeyVerdict = "ok" | "unknown" | "changed";

/** Parses `ssh-ed25519 AAAA…` (a pinned key, as in known_hosts without the host field). */
export function parseKeyLine(line: string): KnownKey | undefined {
  const [type, base64] = line.trim().split(/\s+/);
  if (!type || !base64) return undefined;
  const blob = Buffer.from(base64, "base64");
  return blob.length > 0 ? { type, blob, revoked: false } : undefined;
}

/** The name known_hosts uses: `addr`, or `[addr]:port` off port 22. */
export function knownHostsName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}

function matchesHashed(field: string, name: string): boolean {
  const [, magic, salt, hash] = field.split("|");
  if (magic !== "1" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** OpenSSH semantics: any positive pattern matches and no negated one does. */
function matchesHostField(field: string, name: string): boolean {
  if (field.startsWith("|")) return matchesHashed(field, name);
  let matched = false;
  for (const pattern of field.split(",")) {
    if (pattern.startsWith("!")) {
      if (globToRegExp(pattern.slice(1)).test(name)) return false;
    } else if (globToRegExp(pattern).test(name)) matched = true;
  }
  return matched;
}

/** The known_hosts entries for one host name; `@cert-authority` lines are not supported and skipped. */
export function knownKeysFor(knownHosts: string, name: string): KnownKey[] {
  const keys: KnownKey[] = [];
  for (const raw of knownHosts.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0]?.startsWith("@") ? fields.shift() : undefined;
    if (marker === "@cert-authority") continue;
    const [hosts, type, base64] = fields;
    if (!hosts || !type || !base64 || !matchesHostField(hosts, name)) continue;
    keys.push({ type, blob: Buffer.from(base64, "base64"), revoked: marker === "@revoked" });
  }
  return keys;
}

export function verifyHostKey(offered: Buffer, known: KnownKey[]): HostKeyVerdict {
  if (known.some((k) => k.revoked && k.blob.equals(offered))) return "changed";
  const allowed = known.filter((k) => !k.revoked);
  if (allowed.length === 0) return "unknown";
  return allowed.some((k) => k.blob.equals(offered)) ? "ok" : "changed";
}

/** `SHA256:…` as `ssh-keygen -lf` prints it, for messages a human compares out of band. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/** The key type named inside the blob (the first SSH string). */
export function keyType(blob: Buffer): string {
  if (blob.length < 4) return "unknown";
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString("latin1");
}

/** The host-key algorithms to offer so the server presents a key of a type we can check. */
export function hostKeyAlgorithms(known: KnownKey[]): string[] {
  const types = new Set(known.filter((k) => !k.revoked).map((k) => k.type));
  return [...types].flatMap((type) => (type === "ssh-rsa" ? ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] : [type]));
}
