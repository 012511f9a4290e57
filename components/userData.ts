/** The page served when the user gives none, as in the manual walkthrough. */
export const defaultIndexHtml = "<html><body><h1>Testing ENI</h1></body></html>\n";

/**
 * Cloud-init script that installs Apache, writes the page and starts the service. The page is
 * carried base64-encoded so that no content can break out of the script.
 */
export function apacheUserData(indexHtml: string): string {
  const page = Buffer.from(indexHtml, "utf8").toString("base64");
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    "dnf install -y httpd",
    `echo '${page}' | base64 -d > /var/www/html/index.html`,
    "systemctl enable --now httpd",
    "",
  ].join("\n");
}
