import { gzip } from "pako";
import type { OsFamily } from "./osFamily";
import { routingHookPath, routingHookScript } from "./routingHook";

/**
 * How each family runs the routing hook (`routingHook.ts`) when an interface comes up or goes
 * away, with the distribution's own machinery:
 *
 * - Amazon Linux 2023: nothing; amazon-ec2-net-utils already writes a table and a `from` rule per
 *   interface and address, for interfaces present at launch and attached later.
 * - Ubuntu 22.04 and 24.04 (netplan rendering to systemd-networkd): a udev rule that wants a
 *   systemd unit per interface when it appears; the unit waits for networkd to have configured
 *   the interface (`systemd-networkd-wait-online`), runs `add`, and is bound to the interface's
 *   device, so its stop, which runs `remove`, comes when the interface is detached. A networkd file
 *   gives DHCP to interfaces cloud-init's netplan does not name (those attached after first boot),
 *   with their default route behind eth0's; a networkd.conf drop-in keeps networkd from deleting
 *   the hook's rules and routes, which it counts as foreign.
 * - RHEL 9 (NetworkManager): a dispatcher script, which NetworkManager runs with the interface and
 *   the event once the interface has its addresses (`up`, `dhcp4-change`, `dhcp6-change`) and when
 *   it is deactivated (`down`); a catch-all connection profile, at the lowest priority, gives DHCP
 *   to interfaces that have no profile of their own.
 *
 * Netplan's own `routing-policy` is not used: it needs every address written in advance, and the
 * addresses are EC2's to assign (and a takeover brings addresses the standby's netplan never named).
 */

/**
 * The hook as the user data carries it: gzip (level 9) and Base64, unpacked with coreutils' base64
 * and gzip, which every supported image has; it keeps a standby's user data, failover monitor
 * included, within EC2's 16 KB. pako, pinned to one version, compresses byte for byte the same on
 * every machine and Node.js release (Node's own zlib does not: its output depends on the zlib build
 * and the CPU), so the user data, and with it the instance, never changes unless the hook does.
 */
export function packedRoutingHook(): string {
  return Buffer.from(gzip(routingHookScript, { level: 9 })).toString("base64");
}

/** The hook, written where both families run it from (its text is what the namespace tests run). */
function installHook(): string[] {
  return [
    "install -d -m 0755 /usr/local/sbin",
    `echo '${packedRoutingHook()}' | base64 -d | gzip -dc > ${routingHookPath}`,
    `chmod 0755 ${routingHookPath}`,
    // Loose reverse-path filtering for every interface to come (the hook sets it on each as well).
    "printf 'net.ipv4.conf.%s.rp_filter = 2\\n' all default > /etc/sysctl.d/90-dual-homed-server.conf",
    "sysctl -q -p /etc/sysctl.d/90-dual-homed-server.conf || true",
  ];
}

const unitName = "dual-homed-server-routing@";

/** Ubuntu: udev wants a unit per interface, the unit waits for networkd, then runs the hook. */
function networkdTriggers(): string[] {
  return [
    // networkd deletes the rules and routes it did not make whenever it configures a link (its
    // defaults): attaching a second interface would wipe the first one's.
    "mkdir -p /etc/systemd/networkd.conf.d",
    "printf '[Network]\\nManageForeignRoutingPolicyRules=no\\nManageForeignRoutes=no\\n' > /etc/systemd/networkd.conf.d/90-dual-homed-server.conf",
    "cat > /etc/systemd/network/90-dual-homed-server.network <<'EOF'",
    "[Match]",
    "Name=en* eth*",
    "[Network]",
    "DHCP=yes",
    "[DHCPv4]",
    "RouteMetric=1000",
    "EOF",
    `cat > /etc/systemd/system/${unitName}.service <<'EOF'`,
    "[Unit]",
    "Description=dual-homed-server: replies from %I's addresses leave by %I",
    "BindsTo=sys-subsystem-net-devices-%i.device",
    "After=sys-subsystem-net-devices-%i.device systemd-networkd.service",
    "[Service]",
    "Type=oneshot",
    "RemainAfterExit=yes",
    "ExecStartPre=-/lib/systemd/systemd-networkd-wait-online --interface=%i:routable --timeout=120",
    `ExecStart=${routingHookPath} add %i`,
    `ExecStop=${routingHookPath} remove %i`,
    "EOF",
    "cat > /etc/udev/rules.d/90-dual-homed-server.rules <<'EOF'",
    `SUBSYSTEM=="net", ACTION=="add", KERNEL=="en*|eth*", TAG+="systemd", ENV{SYSTEMD_WANTS}+="${unitName}$name.service"`,
    "EOF",
    "systemctl daemon-reload",
    "udevadm control --reload || true",
    // networkd reads networkd.conf at start: restart it to drop its foreign-rule deletion now.
    "systemctl restart systemd-networkd || true",
    // The interfaces already there appeared before the rule existed: start their units now.
    'for dev in $(ls /sys/class/net); do case "$dev" in en* | eth*) systemctl start --no-block "' +
      unitName +
      '$dev.service" ;; esac; done',
  ];
}

/** RHEL 9: a NetworkManager dispatcher script runs the hook; a catch-all profile gives DHCP. */
function networkManagerTriggers(): string[] {
  const dispatcher = "/etc/NetworkManager/dispatcher.d/50-dual-homed-server-routing";
  const profile = "/etc/NetworkManager/system-connections/dual-homed-server-dhcp.nmconnection";
  return [
    `cat > ${profile} <<'EOF'`,
    "[connection]",
    "id=dual-homed-server-dhcp",
    "type=ethernet",
    "autoconnect-priority=-100",
    "multi-connect=3",
    "[ipv4]",
    "method=auto",
    "route-metric=1000",
    "[ipv6]",
    "method=auto",
    "may-fail=true",
    "route-metric=1000",
    "EOF",
    `chmod 0600 ${profile}`,
    `cat > ${dispatcher} <<'EOF'`,
    "#!/bin/sh",
    'case "$2" in',
    `up | dhcp4-change | dhcp6-change | reapply) exec ${routingHookPath} add "$1" ;;`,
    `down) exec ${routingHookPath} remove "$1" ;;`,
    "esac",
    "EOF",
    `chmod 0755 ${dispatcher}`,
    `if command -v restorecon >/dev/null; then restorecon -R ${dispatcher} ${profile} ${routingHookPath} || true; fi`,
    "nmcli connection reload || true",
    // The interfaces already up: NetworkManager ran no event for them with the script in place.
    `for dev in $(ls /sys/class/net); do ${routingHookPath} add "$dev"; done`,
  ];
}

/** The lines of the user data that set the routing up, for a family (none on Amazon Linux 2023). */
export function routingSetupLines(family: OsFamily): string[] {
  switch (family) {
    case "amazon-linux-2023":
      return [];
    case "ubuntu-22.04":
    case "ubuntu-24.04":
      return [
        "# Per-interface routing: replies leave by the interface of their address.",
        ...installHook(),
        ...networkdTriggers(),
      ];
    case "rhel-9":
      return [
        "# Per-interface routing: replies leave by the interface of their address.",
        ...installHook(),
        ...networkManagerTriggers(),
      ];
  }
}
