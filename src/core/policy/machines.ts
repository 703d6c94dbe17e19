import picomatch from "picomatch";
import type { OpsConfig } from "../../config/ops-config.ts";
import type { InventoryHost } from "../../config/schemas/inventory.ts";
import { hostPart, normaliseName, reachedBy, type Reached } from "./addresses.ts";

/** Why a host is protected: listed itself, the same machine as a listed one, or not told apart (fail closed). */
export type ProtectionCause = "listed" | "same-machine" | "unresolved";

export interface Protection {
  protected: boolean;
  /** A sentence for the decision and for `rounds check`. */
  why: string;
  cause?: ProtectionCause;
  /** The protected host in guardrails.yml it is (or may be) the same machine as. */
  as?: string;
}

/** The inventory seen as machines: every name, address and key that reaches the same SSH server. */
export interface Machines {
  isProtected(hostName: string): Protection;
  /** Every inventory name of the host's machine, the host's own first. */
  namesOf(hostName: string): string[];
  /** protected.services globs of every name of the machine. */
  protectedServiceGlobs(hostName: string): string[];
  /** The glob (and the name that declares it) a service name matches on the host's machine, case-insensitively. */
  protectedService(hostName: string, service: string): { glob: string; on: string } | undefined;
  /** Stateless only if this name declares it stateless and no other name of the machine declares it stateful. */
  isStateless(hostName: string, service: string): boolean;
  /** Names of the machine that declare the service stateless and stateful, when they disagree. */
  statelessConflict(hostName: string, service: string): { stateless: string[]; stateful: string[] } | undefined;
  /** The protected host a step on `fromHost` reaches when it names `target`; loopback is `fromHost` itself. */
  protectedReach(fromHost: string, target: string): string | undefined;
  /** Addresses that did not resolve, by host: such a host cannot be told apart from any other. */
  unresolved: { host: string; address: string; error: string }[];
}

/** One thing two inventory entries can share; `label` is how a person reads it. */
interface Identity {
  key: string;
  label: string;
}

const cache = new WeakMap<OpsConfig, Machines>();

/**
 * Groups inventory hosts into machines (DESIGN invariant 2: protection follows the machine, not the
 * spelling). Two hosts are one machine when they share a name (case- and Unicode-folded), an address
 * as the runner reaches it, or a pinned host key — transitively. On loopback the port tells SSH
 * servers apart (a test machine runs several there); on any other address it does not: a second
 * server on a protected host's address is that host. Pure; `config.resolved` carries the DNS answers.
 */
export function buildMachines(config: OpsConfig): Machines {
  const cached = cache.get(config);
  if (cached) return cached;
  const machines = new MachineMap(config);
  cache.set(config, machines);
  return machines;
}

class MachineMap implements Machines {
  readonly unresolved: Machines["unresolved"] = [];
  private readonly hosts: InventoryHost[];
  private readonly identities = new Map<string, Identity[]>();
  private readonly root = new Map<string, string>();
  private readonly listed: Set<string>;

  constructor(private readonly config: OpsConfig) {
    this.hosts = config.inventory.hosts;
    this.listed = new Set(config.guardrails.protected.hosts);
    for (const host of this.hosts) {
      this.root.set(host.name, host.name);
      this.identities.set(host.name, this.identify(host));
    }
    const owner = new Map<string, string>();
    for (const host of this.hosts) {
      for (const { key } of this.identities.get(host.name)!) {
        const first = owner.get(key);
        if (first === undefined) owner.set(key, host.name);
        else this.union(first, host.name);
      }
    }
  }

  isProtected(hostName: string): Protection {
    const host = this.host(hostName);
    if (!host) return { protected: true, why: `no host "${hostName}" in inventory.yml: what Rounds cannot place is never automated`, cause: "unresolved" };
    if (this.listed.has(host.name)) {
      return {
        protected: true,
        why: `${host.name} is a protected host in guardrails.yml: it is never automated, attended or not`,
        cause: "listed",
        as: host.name,
      };
    }
    const path = this.pathToListed(host.name);
    if (path) {
      const as = path.at(-1)!.to;
      const chain = path.map((hop, i) => `${i === 0 ? hop.from : "which"} shares ${hop.label} with ${hop.to}`).join(", ");
      return {
        protected: true,
        why: `${host.name} is the same machine as protected host ${as} (${chain}): it is never automated, attended or not`,
        cause: "same-machine",
        as,
      };
    }
    const blind = this.unresolved.find((u) => this.listed.has(u.host) || this.pathToListed(u.host));
    if (blind) {
      return {
        protected: true,
        why: `protected host ${blind.host}'s address ${blind.address} did not resolve (${blind.error}): no host can be told apart from it, so none is automated until it resolves`,
        cause: "unresolved",
        as: blind.host,
      };
    }
    const own = this.unresolved.find((u) => u.host === host.name);
    if (own && this.listed.size > 0) {
      return {
        protected: true,
        why: `${host.name}'s address ${own.address} did not resolve (${own.error}): Rounds cannot tell whether it is a protected machine, so it is not automated until it resolves`,
        cause: "unresolved",
      };
    }
    return { protected: false, why: `${host.name} shares no name, address or host key with a protected host` };
  }

  namesOf(hostName: string): string[] {
    const root = this.find(hostName);
    if (root === undefined) return [hostName];
    return [hostName, ...this.hosts.map((h) => h.name).filter((n) => n !== hostName && this.find(n) === root)];
  }

  protectedServiceGlobs(hostName: string): string[] {
    const { services } = this.config.guardrails.protected;
    return [...new Set(this.namesOf(hostName).flatMap((name) => services[name] ?? []))];
  }

  protectedService(hostName: string, service: string): { glob: string; on: string } | undefined {
    const candidate = service.normalize("NFKC").toLowerCase();
    const { services } = this.config.guardrails.protected;
    for (const on of this.namesOf(hostName)) {
      const glob = (services[on] ?? []).find((g) => picomatch.isMatch(candidate, g, { nocase: true, dot: true }));
      if (glob) return { glob, on };
    }
    return undefined;
  }

  isStateless(hostName: string, service: string): boolean {
    const key = serviceKey(service);
    const own = this.host(hostName)?.services.some((s) => serviceKey(s.name) === key && s.stateless) ?? false;
    return own && this.statelessConflict(hostName, service) === undefined;
  }

  statelessConflict(hostName: string, service: string): { stateless: string[]; stateful: string[] } | undefined {
    const key = serviceKey(service);
    const stateless: string[] = [];
    const stateful: string[] = [];
    for (const name of this.namesOf(hostName)) {
      for (const s of this.host(name)?.services ?? []) if (serviceKey(s.name) === key) (s.stateless ? stateless : stateful).push(name);
    }
    return stateless.length > 0 && stateful.length > 0 ? { stateless, stateful } : undefined;
  }

  protectedReach(fromHost: string, target: string): string | undefined {
    const protectedAs = (name: string) => {
      const p = this.isProtected(name);
      return p.protected ? (p.as ?? name) : undefined;
    };
    for (const reached of reachedBy(hostPart(target))) {
      if (reached.kind === "loopback") {
        const own = protectedAs(fromHost);
        if (own) return own;
        continue;
      }
      const key = reached.kind === "ip" ? `ip:${reached.ip}` : `name:${reached.name}`;
      for (const host of this.hosts) {
        if (!this.identities.get(host.name)!.some((i) => i.key === key)) continue;
        const as = protectedAs(host.name);
        if (as) return as;
      }
    }
    return undefined;
  }

  private host(name: string): InventoryHost | undefined {
    return this.hosts.find((h) => h.name === name);
  }

  private identify(host: InventoryHost): Identity[] {
    const out: Identity[] = [{ key: `name:${normaliseName(host.name)}`, label: `the name ${normaliseName(host.name)}` }];
    const add = (reached: Reached) => {
      if (reached.kind === "name") out.push({ key: `name:${reached.name}`, label: `the name ${reached.name}` });
      else if (reached.kind === "ip") out.push({ key: `ip:${reached.ip}`, label: reached.ip });
      else if (host.jump === undefined) out.push({ key: `loopback:${host.port}`, label: `127.0.0.1:${host.port}` });
    };
    const spelled = reachedBy(host.address);
    spelled.forEach(add);
    // Behind a jump host, loopback is the jump host itself.
    if (host.jump !== undefined && spelled.some((r) => r.kind === "loopback"))
      out.push({ key: `name:${normaliseName(host.jump)}`, label: `the loopback of ${host.jump}` });
    const name = spelled.find((r): r is Extract<Reached, { kind: "name" }> => r.kind === "name");
    if (name) {
      const answer = this.config.resolved?.[host.address];
      if (Array.isArray(answer) && answer.length > 0)
        answer
          .flatMap(reachedBy)
          .filter((r) => r.kind !== "name")
          .forEach(add);
      else
        this.unresolved.push({
          host: host.name,
          address: host.address,
          error: answer && !Array.isArray(answer) ? answer.error : "not resolved when the configuration was loaded",
        });
    }
    if (host.hostKey) {
      const key = host.hostKey.trim().split(/\s+/).slice(0, 2).join(" ");
      out.push({ key: `key:${key}`, label: `the host key ${key.slice(0, 24)}…` });
    }
    return out;
  }

  /** Shortest chain of shared identities from a host to a listed protected host, for the reason. */
  private pathToListed(start: string): { from: string; to: string; label: string }[] | undefined {
    const back = new Map<string, { from: string; label: string }>();
    const queue = [start];
    const seen = new Set([start]);
    while (queue.length > 0) {
      const current = queue.shift()!;
      if (current !== start && this.listed.has(current)) {
        const path: { from: string; to: string; label: string }[] = [];
        for (let at = current; at !== start; at = back.get(at)!.from) path.unshift({ from: back.get(at)!.from, to: at, label: back.get(at)!.label });
        return path;
      }
      const mine = this.identities.get(current)!;
      for (const other of this.hosts) {
        if (seen.has(other.name)) continue;
        const shared = this.identities.get(other.name)!.find((i) => mine.some((m) => m.key === i.key));
        if (!shared) continue;
        seen.add(other.name);
        back.set(other.name, { from: current, label: shared.label });
        queue.push(other.name);
      }
    }
    return undefined;
  }

  private find(name: string): string | undefined {
    let at = this.root.get(name);
    if (at === undefined) return undefined;
    while (this.root.get(at) !== at) at = this.root.get(at)!;
    return at;
  }

  private union(a: string, b: string): void {
    const [ra, rb] = [this.find(a)!, this.find(b)!];
    if (ra !== rb) this.root.set(rb, ra);
  }
}

const serviceKey = (name: string) => name.normalize("NFKC").toLowerCase();
