// IPv4 / IPv6 CIDR arithmetic for the security-group and network-ACL checks. Addresses are held as bigints
// so both families share one code path; a bare address is read as a host route (/32 or /128).

export type IpFamily = 4 | 6;

export interface Cidr {
  family: IpFamily;
  /** The network address (host bits cleared). */
  network: bigint;
  prefix: number;
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

/** Parses `10.0.0.0/16`, `2001:db8::/32`, or a bare address; null when the text is not a valid CIDR. */
export function parseCidr(text: string): Cidr | null {
  const [address, prefixText, ...rest] = text.trim().split('/');
  if (address === undefined || rest.length > 0) return null;
  const parsed = address.includes(':') ? parseIpv6(address) : parseIpv4(address);
  if (parsed === null) return null;
  const bits = BITS[parsed.family];
  const prefix = prefixText === undefined ? bits : parsePrefix(prefixText, bits);
  if (prefix === null) return null;
  return { family: parsed.family, network: maskTo(parsed.value, prefix, bits), prefix };
}

/** True when every address of `inner` is inside `outer` (same family only). */
export function cidrContains(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  if (a === null || b === null || a.family !== b.family || a.prefix > b.prefix) return false;
  return maskTo(b.network, a.prefix, BITS[a.family]) === a.network;
}

/** True when the two ranges share at least one address (same family only). */
export function cidrsOverlap(first: string, second: string): boolean {
  const a = parseCidr(first);
  const b = parseCidr(second);
  if (a === null || b === null || a.family !== b.family) return false;
  const shorter = Math.min(a.prefix, b.prefix);
  const bits = BITS[a.family];
  return maskTo(a.network, shorter, bits) === maskTo(b.network, shorter, bits);
}

/** The family of a CIDR or address, or null when it does not parse. */
export function cidrFamily(text: string): IpFamily | null {
  return parseCidr(text)?.family ?? null;
}

function parsePrefix(text: string, bits: number): number | null {
  if (!/^\d{1,3}$/.test(text)) return null;
  const prefix = Number(text);
  return prefix <= bits ? prefix : null;
}

function maskTo(value: bigint, prefix: number, bits: number): bigint {
  const hostBits = BigInt(bits - prefix);
  return (value >> hostBits) << hostBits;
}

function parseIpv4(text: string): { family: 4; value: bigint } | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = (value << 8n) | BigInt(octet);
  }
  return { family: 4, value };
}

function parseIpv6(text: string): { family: 6; value: bigint } | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  return { family: 6, value };
}

/** The 16-bit groups of one side of `::`; a trailing dotted IPv4 (`::ffff:10.0.0.1`) counts as two groups. */
function groupsOf(text: string): number[] | null {
  if (text === '') return [];
  const groups: number[] = [];
  const parts = text.split(':');
  for (const [index, part] of parts.entries()) {
    if (index === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === null) return null;
      groups.push(Number(v4.value >> 16n), Number(v4.value & 0xffffn));
    } else if (/^[0-9a-f]{1,4}$/i.test(part)) {
      groups.push(Number.parseInt(part, 16));
    } else {
      return null;
    }
  }
  return groups;
}
