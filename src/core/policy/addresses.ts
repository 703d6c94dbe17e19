// How a spelling of a host maps to what the runner reaches. Pure: no DNS here — DNS names are
// resolved by src/config/resolve-addresses.ts when the configuration is loaded.

/** What an address means to the runner: the local machine, one IP address, or a name still to resolve. */
export type Reached = { kind: "loopback" } | { kind: "ip"; ip: string } | { kind: "name"; name: string };

/**
 * A host name as DNS compares it: Unicode NFKC (fullwidth forms fold to ASCII), IDNA dot variants
 * as ".", lower case, one trailing dot dropped.
 */
export function normaliseName(text: string): string {
  const folded = text
    .normalize("NFKC")
    .replace(/[\u3002\uff0e\uff61]/g, ".")
    .toLowerCase()
    .normalize("NFKC")
    .trim();
  return folded.endsWith(".") ? folded.slice(0, -1) : folded;
}

/**
 * Every address a spelling can mean. An IPv4 address in the loose forms the C library accepts
 * (`192.168.100.001`, `0xc0.168.100.1`, `3232261121`) means what `inet_aton` makes of it, and, when
 * its parts are decimal, also what a person reading it means (`010` is 8 to the resolver, 10 to a
 * reader): both are kept, so a doubtful spelling can only add protection, never remove it.
 * IPv4-mapped (`::ffff:a.b.c.d`) and NAT64 (`64:ff9b::/96`) IPv6 addresses are the IPv4 address.
 */
export function reachedBy(spelling: string): Reached[] {
  const text = normaliseName(spelling);
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  const ips = bare.includes(":") ? ipv6(bare) : ipv4(bare);
  if (ips) return ips.map(asReached);
  if (isLocalName(text)) return [{ kind: "loopback" }];
  return [{ kind: "name", name: text }];
}

/** Whether a spelling is an IP address literal in any form `reachedBy` understands. */
export function isIpSpelling(spelling: string): boolean {
  return reachedBy(spelling).some((r) => r.kind !== "name");
}

/** 127.0.0.0/8, ::1, and the unspecified addresses (a connection to 0.0.0.0 or :: lands on this machine). */
export function isLoopbackIp(ip: string): boolean {
  return ip.startsWith("127.") || ip === "0.0.0.0" || ip === "::1" || ip === "::";
}

function asReached(ip: string): Reached {
  return isLoopbackIp(ip) ? { kind: "loopback" } : { kind: "ip", ip };
}

/** RFC 6761: localhost and every name under it is this machine; the Debian aliases too. */
function isLocalName(name: string): boolean {
  return name === "localhost" || name.endsWith(".localhost") || name === "localhost.localdomain" || name === "ip6-localhost" || name === "ip6-loopback";
}

const DEC_OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function ipv4(text: string): string[] | undefined {
  const parts = text.split(".");
  if (parts.length === 4 && parts.every((p) => DEC_OCTET.test(p))) return [text];
  const aton = inetAton(parts);
  if (aton === undefined) return undefined;
  const forms = [aton];
  // A reader takes "192.168.100.010" for .10; the resolver takes it for .8. Keep both.
  if (parts.length === 4 && parts.every((p) => /^\d+$/.test(p) && Number(p) <= 255)) forms.push(parts.map(Number).join("."));
  return [...new Set(forms)];
}

/** glibc's inet_aton: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x); the last fills the rest. */
function inetAton(parts: string[]): string | undefined {
  if (parts.length < 1 || parts.length > 4) return undefined;
  const values: number[] = [];
  for (const part of parts) {
    if (/^0x[0-9a-f]+$/.test(part)) values.push(parseInt(part.slice(2), 16));
    else if (/^0[0-7]*$/.test(part)) values.push(parseInt(part, 8));
    else if (/^[1-9]\d*$/.test(part)) values.push(Number(part));
    else return undefined;
  }
  const last = values.pop()!;
  if (values.some((v) => v > 255) || last >= 2 ** (8 * (4 - values.length))) return undefined;
  let number = last;
  values.forEach((v, i) => {
    number += v * 2 ** (8 * (3 - i));
  });
  return [number >>> 24, (number >>> 16) & 255, (number >>> 8) & 255, number & 255].join(".");
}

function ipv6(text: string): string[] | undefined {
  const groups = ipv6Groups(text.replace(/%.*$/, "")); // a zone (fe80::1%eth0) names an interface, not another machine
  if (!groups) return undefined;
  const head = (n: number) => groups.slice(0, n).every((g) => g === 0);
  const tail = () => [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join(".");
  if (head(5) && groups[5] === 0xffff) return [tail()];
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) return [tail()];
  return [compress(groups)];
}

function ipv6Groups(text: string): number[] | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const parse = (half: string): number[] | undefined => {
    if (half === "") return [];
    const out: number[] = [];
    const pieces = half.split(":");
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = piece.split(".");
        if (v4.length !== 4 || !v4.every((p) => DEC_OCTET.test(p))) return undefined;
        const [a, b, c, d] = v4.map(Number) as [number, number, number, number];
        out.push(a * 256 + b, c * 256 + d);
      } else if (/^[0-9a-f]{1,4}$/.test(piece)) out.push(parseInt(piece, 16));
      else return undefined;
    }
    return out;
  };
  const left = parse(halves[0]!);
  const right = halves.length === 2 ? parse(halves[1]!) : [];
  if (!left || !right) return undefined;
  if (halves.length === 1) return left.length === 8 ? left : undefined;
  const missing = 8 - left.length - right.length;
  return missing >= 1 ? [...left, ...new Array<number>(missing).fill(0), ...right] : undefined;
}

/** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as "::". */
function compress(groups: number[]): string {
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

/**
 * The host part of what a command names: `user@host`, `user@host:path`, `host:port`, `[v6]:port`,
 * a URL's authority (percent-decoded, as URL parsers do).
 */
export function hostPart(target: string): string {
  let text = target.trim();
  const url = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(text);
  if (url) {
    text = url[1]!;
    try {
      text = decodeURIComponent(text);
    } catch {
      // a malformed escape stays as written
    }
  }
  text = text.slice(text.lastIndexOf("@") + 1);
  if (text.startsWith("[")) {
    const end = text.indexOf("]");
    return end > 0 ? text.slice(0, end + 1) : text;
  }
  const colons = text.split(":").length - 1;
  return colons === 1 ? text.slice(0, text.indexOf(":")) : text;
}
