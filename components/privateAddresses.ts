import * as ipaddr from "ipaddr.js";

/**
 * The interface's private IPv4 addresses in a stable order: the primary private address first,
 * then the secondary ones in numeric order. The provider reports them as an unordered set, and
 * each Elastic IP must stay bound to the same address from one update to the next.
 */
export function orderedPrivateIps(primary: string, all: readonly string[]): string[] {
  const numeric = (ip: string) =>
    ipaddr.IPv4.parse(ip)
      .toByteArray()
      .reduce((n, byte) => n * 256 + byte, 0);
  const secondaries = all.filter((ip) => ip !== primary).sort((a, b) => numeric(a) - numeric(b));
  return [primary, ...secondaries];
}
