import type { OsFamily } from "./osFamily";
import { routingSetupLines } from "./routingSetup";

/** How first boot keeps retrying the package install: 60 tries, 10 s apart (the Elastic IP may land later). */
export const installRetries = { tries: 60, delaySeconds: 10 };

/** Each family's web server: the package, how to install it, the service. */
export const webServers: Record<OsFamily, { install: string; packageName: string; service: string }> = {
  "amazon-linux-2023": { install: "dnf install -y httpd", packageName: "httpd", service: "httpd" },
  "ubuntu-22.04": {
    install:
      "apt-get -o DPkg::Lock::Timeout=120 update && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 install -y apache2",
    packageName: "apache2",
    service: "apache2",
  },
  "ubuntu-24.04": {
    install:
      "apt-get -o DPkg::Lock::Timeout=120 update && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 install -y apache2",
    packageName: "apache2",
    service: "apache2",
  },
  "rhel-9": { install: "dnf install -y httpd", packageName: "httpd", service: "httpd" },
};

/**
 * The lines that install a package, trying again every few seconds until the network is up (the
 * Elastic IP may land after boot), and fail the boot script once the tries run out. `attempt`
 * names the step in the message of a failed try.
 */
export function installWithRetries(install: string, packageName: string, attempt = "install"): string[] {
  const { tries, delaySeconds } = installRetries;
  return [
    `for try in $(seq 1 ${tries}); do`,
    `  if ${install}; then break; fi`,
    `  if [ "$try" -eq ${tries} ]; then echo "${packageName} could not be installed: no network after ${tries} tries" >&2; exit 1; fi`,
    `  echo "${attempt} failed (try $try of ${tries}); waiting ${delaySeconds} s for the network" >&2`,
    `  sleep ${delaySeconds}`,
    "done",
  ];
}

/**
 * The boot script of an Ubuntu or RHEL server: the per-interface routing first (it needs no
 * network), then Apache with the distribution's package manager, the page, the service. On RHEL 9
 * SELinux's defaults already let httpd serve /var/www/html on port 80; firewalld, which EC2's RHEL
 * images leave off, is opened for HTTP only when it runs. (Amazon Linux 2023 keeps the script it
 * always had: `apacheUserData` in `userData.ts`.)
 */
export function guestWebServerUserData(indexHtml: string, family: Exclude<OsFamily, "amazon-linux-2023">): string {
  const page = Buffer.from(indexHtml, "utf8").toString("base64");
  const server = webServers[family];
  return [
    "#!/bin/bash",
    `# dual-homed-server on ${family}`,
    "set -euo pipefail",
    ...routingSetupLines(family),
    ...installWithRetries(server.install, server.packageName),
    "install -d /var/www/html",
    `echo '${page}' | base64 -d > /var/www/html/index.html`,
    ...(family === "rhel-9"
      ? [
          "if command -v restorecon >/dev/null; then restorecon /var/www/html/index.html || true; fi",
          "if systemctl is-active --quiet firewalld; then firewall-cmd --permanent --add-service=http && firewall-cmd --reload; fi",
        ]
      : []),
    `systemctl enable --now ${server.service}`,
    "",
  ].join("\n");
}
