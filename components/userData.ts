import { asOsFamily, defaultOsFamily, familyFromArguments, osFamilies, type OsFamily } from "./guest/osFamily";
import { guestWebServerUserData, installWithRetries } from "./guest/webServer";

/** The page served when the user gives none, as in the manual walkthrough. */
export const defaultIndexHtml = "<html><body><h1>Testing ENI</h1></body></html>\n";

/**
 * The family whose Apache setup is the longest: the size a detected family's user data is checked
 * against at construction, before the image is read.
 */
export function largestSetupFamily(indexHtml: string): OsFamily {
  const size = (family: OsFamily) => Buffer.byteLength(webServerUserData(indexHtml, family));
  return [...osFamilies].sort((a, b) => size(b) - size(a))[0];
}

/**
 * The family the user data's size is checked for at construction: the one the arguments say, or
 * with the family still to be read from the image, the one whose setup is the longest.
 */
export function sizingFamily(args: { ami?: unknown; osFamily?: string }, indexHtml: string): OsFamily {
  return familyFromArguments(args) ?? largestSetupFamily(indexHtml);
}

/** EC2 refuses user data above 16 KB in raw form, before base64 (EC2 User Guide, "Run commands at launch"). */
export const maxUserDataBytes = 16 * 1024;

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
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    ...installWithRetries("dnf install -y httpd", "httpd", "dnf install"),
    "install -d /var/www/html",
    `echo '${page}' | base64 -d > /var/www/html/index.html`,
    "systemctl enable --now httpd",
    "",
  ].join("\n");
}

/** One shell script of the user data, with the file name cloud-init runs it under. */
export interface UserDataPart {
  fileName: string;
  script: string;
}

/**
 * The Apache setup for an image family: Amazon Linux 2023's script as it always was (its
 * amazon-ec2-net-utils routes each interface's replies out of it), or on Ubuntu and RHEL the
 * per-interface routing and the distribution's own package manager (`guest/webServer.ts`).
 */
export function webServerUserData(indexHtml: string, family: OsFamily = defaultOsFamily): string {
  return family === "amazon-linux-2023" ? apacheUserData(indexHtml) : guestWebServerUserData(indexHtml, family);
}

/**
 * The scripts the instance boots with: the Apache setup (for the image's family, Amazon Linux 2023
 * unless told), then the user's own boot script.
 */
export function userDataParts(indexHtml: string, bootScript: string | undefined, family?: string): UserDataPart[] {
  // An osFamily of no supported family is refused at construction.
  const apache = {
    fileName: "01-dual-homed-server-apache.sh",
    script: webServerUserData(indexHtml, asOsFamily(family) ?? defaultOsFamily),
  };
  return bootScript === undefined ? [apache] : [apache, { fileName: "02-boot-script.sh", script: bootScript }];
}

/**
 * The user data: the Apache setup alone as a plain script (what servers without a boot script have
 * always had, so they are not replaced), or a MIME multi-part document with one `text/x-shellscript`
 * part per script. cloud-init writes each part under its file name and runs them in lexical order
 * of those names: a standby's failover monitor (`00-…`) first, then the Apache setup, then the boot script.
 */
export function userDataDocument(parts: UserDataPart[]): string {
  if (parts.length === 1) return parts[0].script;
  // A boundary no part contains, so no script can end its part early.
  let boundary = "==dual-homed-server==";
  while (parts.some((part) => part.script.includes(boundary))) boundary = `=${boundary}=`;
  const body = parts.map((part) =>
    [
      `--${boundary}`,
      'Content-Type: text/x-shellscript; charset="utf-8"',
      "MIME-Version: 1.0",
      "Content-Transfer-Encoding: 8bit",
      `Content-Disposition: attachment; filename="${part.fileName}"`,
      "",
      part.script,
    ].join("\n"),
  );
  return [
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "MIME-Version: 1.0",
    "",
    ...body,
    `--${boundary}--`,
    "",
  ].join("\n");
}
