/**
 * The strict alphabets of the network-shaped parameter types. Each returns the problem, or undefined
 * when the value is one it fully understands; anything else (a query string, credentials, a space,
 * a host bit set in a network) is refused rather than quoted into a command.
 */

const DNS_NAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** An IPv4 or IPv6 address, or a DNS name. */
export function checkAddress(value: string): string | undefined {
  // A name whose last label is all digits reads as an address to some resolvers (256.1.1.1, 01.2.3.4).
  if (isIP(value) !== 0 || (DNS_NAME.test(value) && !/(^|\.)\d+$/.test(value))) return undefined;
  return `"${JSON.stringify(value).slice(1, -1)}" is not an IP address or a DNS name`;
}

/**
 * A network in CIDR notation (`172.17.0.0/16`, `fd00::/64`) with no host bits set. `minPrefix` is the
 * widest network the parameter accepts; a network of every address (`/0`) is never accepted.
 */
export function checkCidr(value: string, minPrefix = 1): string | undefined {
  const shown = JSON.stringify(value).slice(1, -1);
  const match = /^([0-9A-Fa-f:.]+)\/(\d{1,3})$/.exec(value);
  const family = match ? isIP(match[1]!) : 0;
  if (!match || family === 0) return `"${shown}" is not a network in CIDR notation (such as 172.17.0.0/16)`;
  const prefix = Number(match[2]);
  const bits = family === 4 ? 32 : 128;
  if (prefix > bits) return `"${shown}": /${prefix} is longer than an IPv${family} address`;
  if (prefix < Math.max(1, minPrefix)) return `"${shown}" is wider than /${Math.max(1, minPrefix)}, the widest network this parameter accepts`;
  const address = family === 4 ? ipv4Bits(match[1]!) : ipv6Bits(match[1]!);
  const hostBits = address & ((1n << BigInt(bits - prefix)) - 1n);
  if (hostBits !== 0n) return `"${shown}" has host bits set: the network is written with its first address`;
  return undefined;
}

/** An http(s) URL with a host, an optional port and a plain path: no credentials, query or fragment. */
export function checkUrl(value: string): string | undefined {
  const shown = JSON.stringify(value).slice(1, -1);
  const match = /^https?:\/\/([^/?#@\s]+?)(?::(\d{1,5}))?(\/[A-Za-z0-9._~/-]*)?$/.exec(value);
  if (!match) return `"${shown}" is not a plain http(s) URL (scheme, host, port and path only: no credentials, query or fragment)`;
  const host = match[1]!.startsWith("[") && match[1]!.endsWith("]") ? match[1]!.slice(1, -1) : match[1]!;
  if (checkAddress(host) !== undefined || (isIP(host) === 6) !== match[1]!.startsWith("[")) return `"${shown}": "${host}" is not an IP address or a DNS name`;
  if (match[2] !== undefined && (Number(match[2]) < 1 || Number(match[2]) > 65535)) return `"${shown}": port ${match[2]} is out of range`;
  return undefined;
}

const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

/** 4 for a dotted-quad IPv4 address, 6 for an IPv6 address (with an optional IPv4 tail), else 0. */
function isIP(text: string): 0 | 4 | 6 {
  if (IPV4.test(text)) return 4;
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || !text.includes(":")) return 0;
  const tail = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail && !IPV4.test(tail[1]!)) return 0;
  const groupsText = tail ? text.slice(0, -tail[1]!.length) + "0:0" : text;
  const halves = groupsText.split("::");
  if (halves.length > 2) return 0;
  const parts = halves.map((h) => (h === "" ? [] : h.split(":")));
  if (parts.some((p) => p.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g)))) return 0;
  const count = parts.reduce((n, p) => n + p.length, 0);
  return (halves.length === 2 ? count < 8 : count === 8) ? 6 : 0;
}

function ipv4Bits(address: string): bigint {
  return address.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function ipv6Bits(address: string): bigint {
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  const text = tail ? address.replace(tail[1]!, ((n) => `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`)(ipv4Bits(tail[1]!))) : address;
  const [head, rest] = text.split("::") as [string, string | undefined];
  const left = head === "" ? [] : head.split(":");
  const right = rest === undefined || rest === "" ? [] : rest.split(":");
  const groups = rest === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}
