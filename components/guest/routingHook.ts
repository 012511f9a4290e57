/**
 * The per-interface routing hook: one POSIX shell script, installed on images without
 * amazon-ec2-net-utils (Ubuntu, RHEL) and called by the distribution's own network events (see
 * `routingSetup.ts`) with `add <interface>` when an interface comes up and `remove <interface>`
 * when it goes away. The namespace tests in `tests/guest/` run this very text.
 *
 * What `add` does, from the addresses the kernel holds on the interface at that moment (DHCP, or
 * cloud-init, put them there): a routing table of the interface's own, number 1000 + its
 * ifindex, with its subnet and a default route through the subnet's VPC router (the subnet's
 * base address + 1, as AWS reserves it; IPv6: the router the interface learned from router
 * advertisements), a rule `from <address> lookup <table>` for every global IPv4 and IPv6 address
 * (primary and secondary), and loose reverse-path filtering (`rp_filter` 2) on the interface. A
 * reply then leaves by the interface that holds the address it comes from, wherever the main
 * table's default route points. `add` is idempotent: it first removes what an earlier `add`
 * made. `remove` deletes the interface's rules and table, also once the interface is gone (the
 * table number is kept under /run).
 */

/** Where the hook is installed on the instance. */
export const routingHookPath = "/usr/local/sbin/dual-homed-server-routing";

/** The table (and rule priority) of the interface with this ifindex. */
export const routingTableBase = 1000;

export const routingHookScript = `#!/bin/sh
# dual-homed-server: replies leave by the interface that holds the address they come from.
# Usage: dual-homed-server-routing add|remove <interface>
set -u
action="\${1:-}"
dev="\${2:-}"
state="\${DUAL_HOMED_SERVER_STATE:-/run/dual-homed-server/routing}"
case "$action" in add | remove) ;; *) echo "usage: $0 add|remove <interface>" >&2; exit 2 ;; esac
[ -n "$dev" ] && [ "$dev" != lo ] || exit 0
say() { logger -t dual-homed-server-routing "$*" 2>/dev/null || true; }

# Deletes every rule that points at table $1, then the table itself.
forget() {
  for family in -4 -6; do
    while ip "$family" rule del lookup "$1" 2>/dev/null; do :; done
    ip "$family" route flush table "$1" 2>/dev/null || true
  done
}

if [ -f "$state/$dev" ]; then
  forget "$(cat "$state/$dev")"
  rm -f "$state/$dev"
  say "$dev: rules removed"
fi
[ "$action" = add ] || exit 0

ifindex="$(ip -o link show dev "$dev" 2>/dev/null | cut -d: -f1)"
[ -n "$ifindex" ] || { say "$dev: no such interface"; exit 0; }
table=$((${routingTableBase} + ifindex))
forget "$table"
mkdir -p "$state"
echo "$table" >"$state/$dev"

# Dotted quad <-> number, for the subnet's base address and its router (base + 1).
to_int() { IFS=. read -r a b c d <<EOT
$1
EOT
  echo $(((a << 24) + (b << 16) + (c << 8) + d)); }
to_quad() { echo "$((($1 >> 24) & 255)).$((($1 >> 16) & 255)).$((($1 >> 8) & 255)).$(($1 & 255))"; }

primary=""
for cidr in $(ip -o -4 addr show dev "$dev" scope global | awk '{print $4}'); do
  address="\${cidr%/*}"
  bits="\${cidr#*/}"
  mask=$(((0xffffffff << (32 - bits)) & 0xffffffff))
  base=$(($(to_int "$address") & mask))
  if [ -z "$primary" ]; then
    primary="$address"
    ip -4 route replace "$(to_quad "$base")/$bits" dev "$dev" src "$primary" table "$table"
    ip -4 route replace default via "$(to_quad $((base + 1)))" dev "$dev" table "$table"
  fi
  ip -4 rule add from "$address" lookup "$table" priority "$table"
done

for cidr in $(ip -o -6 addr show dev "$dev" scope global | awk '{print $4}'); do
  ip -6 rule add from "\${cidr%/*}" lookup "$table" priority "$table"
done
ip -6 route show dev "$dev" proto kernel | awk '$1 !~ /^fe80/ {print $1}' | while read -r prefix; do
  ip -6 route replace "$prefix" dev "$dev" table "$table"
done
router6="$(ip -6 route show default dev "$dev" | awk '{for (i = 1; i < NF; i++) if ($i == "via") {print $(i + 1); exit}}')"
[ -z "$router6" ] || ip -6 route replace default via "$router6" dev "$dev" table "$table"

# Loose reverse-path filtering: a request to this address may arrive here whatever the main table says.
[ ! -w "/proc/sys/net/ipv4/conf/$dev/rp_filter" ] || echo 2 >"/proc/sys/net/ipv4/conf/$dev/rp_filter"
say "$dev: table $table, rules for $(ip -o addr show dev "$dev" scope global | awk '{printf "%s ", $4}')"
`;
