// TEST DOUBLE (part of the stand-in AWS provider): the order the provider iterates its sets in.
import { crc32 } from "node:zlib";

/**
 * The secondary addresses the provider unassigns when `privateIpsCount` is lowered by `n`: the
 * first `n` of its `private_ips` set in iteration order, which for a set of strings is the order of
 * the strings' CRC-32 hash codes compared as decimal text, not the order EC2 assigned them.
 */
export function addressesUnassignedOnLowering(secondaries: string[], n: number): string[] {
  return setOrder(secondaries).slice(0, n);
}

/** The order the provider iterates a set of strings in: their CRC-32 hash codes compared as decimal text. */
export function setOrder(values: string[]): string[] {
  const code = (value: string) => String(crc32(value));
  return [...values].sort((a, b) => (code(a) < code(b) ? -1 : code(a) > code(b) ? 1 : 0));
}
