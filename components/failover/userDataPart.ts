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

/** What the monitor on the standby is told (its config file); the rest it reads from the instance's metadata. */
export interface MonitorSettings {
  /** The primary instance's eth0 private address, where its health is checked. */
  primaryAddress: string;
  /** The primary's eth0: whichever instance holds it is the primary. */
  primaryInterfaceId: string;
  interfaces: MonitoredInterface[];
  healthCheck: PlannedHealthCheck;
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
  return JSON.stringify({
    healthUrl: `http://${settings.primaryAddress}:${check.port}${check.path}`,
    intervalSeconds: check.intervalSeconds,
    unhealthyThreshold: check.unhealthyThreshold,
    timeoutSeconds: check.timeoutSeconds,
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
 * downloads nothing: the monitor is carried in the script (gzip and base64, unpacked by python3,
 * which Amazon Linux 2023 ships). `DUAL_HOMED_SERVER_ROOT` (unset on an instance) prefixes every
 * path, so tests can run this very script in a directory of their own.
 */
export function failoverUserDataPart(settings: MonitorSettings): UserDataPart {
  const unpack = `python3 -c 'import gzip,sys; sys.stdout.buffer.write(gzip.decompress(sys.stdin.buffer.read()))'`;
  return {
    fileName: "00-dual-homed-server-failover.sh",
    script: [
      "#!/bin/bash",
      "# The dual-homed-server failover monitor: moves the secondary interfaces here when the primary fails.",
      "set -euo pipefail",
      'root="${DUAL_HOMED_SERVER_ROOT:-}"',
      'install -d -m 0755 "$root/usr/local/lib/dual-homed-server" "$root/etc/dual-homed-server" "$root/etc/systemd/system"',
      `base64 -d <<'MONITOR' | ${unpack} > "$root${failoverPaths.monitor}"`,
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
