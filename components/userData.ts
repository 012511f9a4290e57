/** The page served when the user gives none, as in the manual walkthrough. */
export const defaultIndexHtml = "<html><body><h1>Testing ENI</h1></body></html>\n";

/** How long first boot keeps retrying the package install: 60 tries, 10 s apart. */
const installRetries = { tries: 60, delaySeconds: 10 };

/**
 * Cloud-init script that installs Apache, writes the page and starts the service. The page is
 * carried base64-encoded so that no content can break out of the script.
 *
 * An instance launched on an existing interface gets no auto-assigned public IPv4: it reaches the
 * package repositories through eth0's Elastic IP, whose association may land after the instance
 * boots. The install therefore retries for up to ten minutes instead of the instance waiting on
 * the association: the Elastic IPs and associations stay free of any tie to the instance, so
 * replacing one never replaces the other.
 */
export function apacheUserData(indexHtml: string): string {
  const page = Buffer.from(indexHtml, "utf8").toString("base64");
  const { tries, delaySeconds } = installRetries;
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    `for try in $(seq 1 ${tries}); do`,
    "  if dnf install -y httpd; then break; fi",
    `  if [ "$try" -eq ${tries} ]; then echo "httpd could not be installed: no network after ${tries} tries" >&2; exit 1; fi`,
    `  echo "dnf install failed (try $try of ${tries}); waiting ${delaySeconds} s for the network" >&2`,
    `  sleep ${delaySeconds}`,
    "done",
    "install -d /var/www/html",
    `echo '${page}' | base64 -d > /var/www/html/index.html`,
    "systemctl enable --now httpd",
    "",
  ].join("\n");
}
