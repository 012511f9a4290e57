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
# dual-homed-server: replies leave by the interface holding their source address. Usage: $0 add|remove <interface>
set -u
act="\${1:-}" dev="\${2:-}" state="\${DUAL_HOMED_SERVER_STATE:-/run/dual-homed-server/routing}"
case "$act" in add | remove) ;; *) echo "usage: $0 add|remove <interface>" >&2; exit 2 ;; esac
[ -n "$dev" ] && [ "$dev" != lo ] || exit 0
say() { logger -t dual-homed-server-routing "$dev: $*" 2>/dev/null || true; }
forget() { # every rule pointing at table $1, and the table
  for f in -4 -6; do
    while ip $f rule del lookup "$1" 2>/dev/null; do :; done
    ip $f route flush table "$1" 2>/dev/null || true
  done
}
if [ -f "$state/$dev" ]; then forget "$(cat "$state/$dev")"; rm -f "$state/$dev"; say "rules removed"; fi
[ "$act" = add ] || exit 0
ifindex="$(ip -o link show dev "$dev" 2>/dev/null | cut -d: -f1)"
[ -n "$ifindex" ] || { say "no such interface"; exit 0; }
t=$((${routingTableBase} + ifindex))
forget $t
mkdir -p "$state" && echo $t >"$state/$dev"
quad() { echo "$((($1 >> 24) & 255)).$((($1 >> 16) & 255)).$((($1 >> 8) & 255)).$(($1 & 255))"; }
first=""
for cidr in $(ip -o -4 addr show dev "$dev" scope global | awk '{print $4}'); do
  a="\${cidr%/*}" bits="\${cidr#*/}"
  if [ -z "$first" ]; then # the subnet, and its VPC router at base + 1
    first="$a"
    n=$(echo "$a" | awk -F. '{print (($1 * 256 + $2) * 256 + $3) * 256 + $4}')
    base=$((n & ((0xffffffff << (32 - bits)) & 0xffffffff)))
    ip -4 route replace "$(quad $base)/$bits" dev "$dev" src "$a" table $t
    ip -4 route replace default via "$(quad $((base + 1)))" dev "$dev" table $t
  fi
  ip -4 rule add from "$a" lookup $t priority $t
done
for cidr in $(ip -o -6 addr show dev "$dev" scope global | awk '{print $4}'); do
  ip -6 rule add from "\${cidr%/*}" lookup $t priority $t
done
for p in $(ip -6 route show dev "$dev" proto kernel | awk '$1 !~ /^fe80/ {print $1}'); do
  ip -6 route replace "$p" dev "$dev" table $t
done
gw6="$(ip -6 route show default dev "$dev" | awk '{for (i = 1; i < NF; i++) if ($i == "via") {print $(i + 1); exit}}')"
[ -z "$gw6" ] || ip -6 route replace default via "$gw6" dev "$dev" table $t
# loose reverse-path filtering: requests may arrive here whatever the main table says
[ ! -w "/proc/sys/net/ipv4/conf/$dev/rp_filter" ] || echo 2 >"/proc/sys/net/ipv4/conf/$dev/rp_filter"
say "table $t for $(ip -o addr show dev "$dev" scope global | awk '{printf "%s ", $4}')"
`;
