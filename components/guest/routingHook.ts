/**
 * The per-interface routing hook: one POSIX shell script, installed on images without
 * amazon-ec2-net-utils (Ubuntu, RHEL) and called by the distribution's own network events (see
 * `routingSetup.ts`) with `add <interface>` when an interface comes up and `remove <interface>`
 * when it goes away. The namespace tests in `tests/guest/` run this very text.
 *
 * What `add` does: first it adds the interface's private addresses as EC2 holds them, read from
 * the instance metadata (IMDSv2: `local-ipv4s`, `ipv6s` of the interface's MAC address), since DHCP
 * brings the primary address alone and a secondary address would otherwise never be configured on
 * an interface attached later (a takeover's); then, from the addresses the kernel holds, a routing
 * table of the interface's own, number 1000 + its ifindex, with its subnet and a default route through the subnet's VPC router (the subnet's
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
# dual-homed-server: replies leave by their address's interface. Usage: $0 add|remove <interface>
set -u
act="\${1:-}" dev="\${2:-}" st="\${DUAL_HOMED_SERVER_STATE:-/run/dual-homed-server/routing}"
case "$act" in add | remove) ;; *) echo "usage: $0 add|remove <interface>" >&2 && exit 2 ;; esac
case "$dev" in en* | eth*) ;; *) exit 0 ;; esac # interfaces (ENIs) alone
say() { logger -t dual-homed-server-routing "$dev: $*" 2>/dev/null; }
forget() { for f in -4 -6; do while ip $f rule del lookup $1 2>/dev/null; do :; done; ip $f route flush table $1 2>/dev/null; done; }
[ ! -f "$st/$dev" ] || { forget "$(cat "$st/$dev")" && rm -f "$st/$dev" && say "rules removed"; }
[ "$act" = add ] || exit 0
ix="$(ip -o link show dev "$dev" 2>/dev/null | cut -d: -f1)"
[ -n "$ix" ] || exit 0
# EC2's addresses of the interface (IMDSv2): DHCP brings the primary alone; a new interface is listed within seconds
imds="\${DUAL_HOMED_SERVER_IMDS:-http://169.254.169.254}/latest" mac="$(cat "/sys/class/net/$dev/address")" nets6=""
get() { curl -fsS --connect-timeout 1 -m 3 "$@" 2>/dev/null; }
tok="$(get -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 60" "$imds/api/token")" || tok=""
md() { get -H "X-aws-ec2-metadata-token: $tok" "$imds/meta-data/network/interfaces/macs/$mac/$1"; }
if [ -n "$tok" ]; then
  i=0 && until v4="$(md local-ipv4s)" || [ $i -ge 20 ]; do i=$((i + 1)) && sleep 1; done
  n4="$(md subnet-ipv4-cidr-block)" && for a in $v4; do ip addr add "$a/\${n4#*/}" dev "$dev" 2>/dev/null; done
  for a in $(md ipv6s); do ip addr add "$a/128" dev "$dev" 2>/dev/null; done
  nets6="$(md subnet-ipv6-cidr-blocks)"
fi
t=$((${routingTableBase} + ix))
forget $t
mkdir -p "$st" && echo $t >"$st/$dev"
q() { echo $(($1 >> 24 & 255)).$(($1 >> 16 & 255)).$(($1 >> 8 & 255)).$(($1 & 255)); }
n() { (IFS=. && set -- $1 && echo $((($1 << 24) + ($2 << 16) + ($3 << 8) + $4))); } # the shell's 64-bit arithmetic, not awk's
s=""
for c in $(ip -o -4 addr show dev "$dev" scope global | awk '{print $4}'); do
  a="\${c%/*}" b="\${c#*/}"
  if [ -z "$s" ]; then # the first (primary) address: the subnet; its router is base + 1
    s=$(($(n $a) & (0xffffffff << (32 - b) & 0xffffffff)))
    ip route replace "$(q $s)/$b" dev "$dev" src $a table $t
    ip route replace default via "$(q $((s + 1)))" dev "$dev" table $t
  fi
  ip rule add from $a lookup $t priority $t
done
for c in $(ip -o -6 addr show dev "$dev" scope global | awk '{print $4}'); do ip -6 rule add from "\${c%/*}" lookup $t priority $t; done
for p in $nets6 $(ip -6 route show dev "$dev" | awk '$1 ~ /:/ && $1 !~ /^fe80/ {print $1}'); do ip -6 route replace $p dev "$dev" table $t; done
gw6="$(ip -6 route show default dev "$dev" | awk '{for (i = 1; i < NF; i++) if ($i == "via") {print $(i + 1); exit}}')"
[ -z "$gw6" ] || ip -6 route replace default via $gw6 dev "$dev" table $t
echo 2 >"/proc/sys/net/ipv4/conf/$dev/rp_filter" # loose: requests may arrive whatever the main table says
say "table $t for $(ip -o addr show dev "$dev" scope global | awk '{printf "%s ", $4}')"
`;
