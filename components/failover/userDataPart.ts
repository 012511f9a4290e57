import type { PlannedHealthCheck } from "../plan/failoverPlan";
import type { UserDataPart } from "../userData";
import { embeddedMonitor } from "./monitorSource";

/** One secondary interface the monitor moves, at its slot. */
export interface MonitoredInterface {
  /** `eth<N>`, for the log. */
  name: string;
  id: string;
  deviceIndex: number;
  networkCardIndex: number;
}

/** One address the monitor checks the primary on: eth0's first, then each secondary interface's. */
export interface CheckedAddress {
  /** `eth<N>`, for the log and the messages. */
  name: string;
  /** The interface's primary private IPv4 address. */
  address: string;
}

/** What the monitor on the standby is told (its config file); the rest it reads from the instance's metadata. */
export interface MonitorSettings {
  /** The component's name, in the log and the messages. */
  serverName: string;
  /** The addresses the primary is checked on: eth0's alone with `unhealthyWhen: "eth0"`. */
  checks: CheckedAddress[];
  /** The primary's eth0: whichever instance holds it is the primary. */
  primaryInterfaceId: string;
  interfaces: MonitoredInterface[];
  healthCheck: PlannedHealthCheck;
  /** The second signal a takeover needs (`failoverConfirmation`). */
  confirmation: "ec2-status" | "none";
  /** Whether the primary is stopped before anything moves (`failoverFencing`). */
  fencing: boolean;
  /** Where takeovers and refused takeovers are published. */
  topicArn?: string;
}

/** Where the standby keeps the monitor, its config and its systemd unit. */
export const failoverPaths = {
  monitor: "/usr/local/lib/dual-homed-server/failover-monitor.py",
  config: "/etc/dual-homed-server/failover.json",
  unit: "/etc/systemd/system/dual-homed-server-failover.service",
  service: "dual-homed-server-failover.service",
};

/** The monitor's config file, as `monitor.py` reads it. */
export function monitorConfigFile(settings: MonitorSettings): string {
  const check = settings.healthCheck;
  const url = (address: string) => `http://${address}:${check.port}${check.path}`;
  return JSON.stringify({
    serverName: settings.serverName,
    checks: settings.checks.map((c) => ({ name: c.name, url: url(c.address) })),
    // The standby's own page, checked before any takeover: it runs the same web server.
    selfCheckUrl: url("127.0.0.1"),
    unhealthyWhen: check.unhealthyWhen,
    healthyStatusCodes: check.healthyStatusCodes,
    intervalSeconds: check.intervalSeconds,
    unhealthyThreshold: check.unhealthyThreshold,
    timeoutSeconds: check.timeoutSeconds,
    confirmation: settings.confirmation,
    fence: settings.fencing,
    ...(settings.topicArn ? { topicArn: settings.topicArn } : {}),
    primaryInterfaceId: settings.primaryInterfaceId,
    interfaces: settings.interfaces,
  });
}

const unit = `[Unit]
Description=dual-homed-server failover: takes the secondary interfaces over when the primary fails
Wants=network-online.target
After=network-online.target

[Service]
ExecStart=/usr/bin/python3 ${failoverPaths.monitor} ${failoverPaths.config}
Restart=always
RestartSec=5
DynamicUser=yes
StateDirectory=dual-homed-server-failover
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes

[Install]
WantedBy=multi-user.target`;

/**
 * The standby's boot script that installs the monitor as a systemd service and starts it. It
 * downloads nothing: the monitor is carried in the script (gzip and Base85, unpacked by python3,
 * which Amazon Linux 2023 ships). `DUAL_HOMED_SERVER_ROOT` (unset on an instance) prefixes every
 * path, so tests can run this very script in a directory of their own.
 */
export function failoverUserDataPart(settings: MonitorSettings): UserDataPart {
  const unpack = `python3 -c 'import base64,gzip,sys; sys.stdout.buffer.write(gzip.decompress(base64.b85decode(sys.stdin.buffer.read().strip())))'`;
  return {
    fileName: "00-dual-homed-server-failover.sh",
    script: [
      "#!/bin/bash",
      "# The dual-homed-server failover monitor: moves the secondary interfaces here when the primary fails.",
      "set -euo pipefail",
      'root="${DUAL_HOMED_SERVER_ROOT:-}"',
      'install -d -m 0755 "$root/usr/local/lib/dual-homed-server" "$root/etc/dual-homed-server" "$root/etc/systemd/system"',
      `${unpack} <<'MONITOR' > "$root${failoverPaths.monitor}"`,
      embeddedMonitor(),
      "MONITOR",
      `cat > "$root${failoverPaths.config}" <<'CONFIG'`,
      monitorConfigFile(settings),
      "CONFIG",
      `cat > "$root${failoverPaths.unit}" <<'UNIT'`,
      unit,
      "UNIT",
      "systemctl daemon-reload",
      `systemctl enable --now --no-block ${failoverPaths.service}`,
      "",
    ].join("\n"),
  };
}
