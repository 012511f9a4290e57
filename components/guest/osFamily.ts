import { ruleNames } from "dual-homed-server-rules";
import type { DualHomedServerArgs } from "../args";

/**
 * An image family the component supports. `osFamily` is typed `string` (the schema Pulumi infers
 * for other languages has no string unions) and checked against these at construction.
 */
export type OsFamily = "amazon-linux-2023" | "ubuntu-22.04" | "ubuntu-24.04" | "rhel-9";

/** The image families whose user data the component writes. */
export const osFamilies: readonly OsFamily[] = ["amazon-linux-2023", "ubuntu-22.04", "ubuntu-24.04", "rhel-9"];

/** The family of the default image: the latest Amazon Linux 2023, from its public SSM parameter. */
export const defaultOsFamily: OsFamily = "amazon-linux-2023";

/** What EC2 says about an image (`DescribeImages`), as `aws.ec2.getAmi` returns it. */
export interface ImageDescription {
  imageId: string;
  name?: string;
  description?: string;
  platformDetails?: string;
}

/**
 * The family of an image from the names its publishers give their images: Amazon's
 * `al2023-ami-…`, Canonical's `ubuntu/images/…/ubuntu-jammy-22.04-…` and `…ubuntu-noble-24.04-…`
 * (server, minimal and Pro images alike), Red Hat's `RHEL-9.<minor>…`. `undefined` when the
 * name and description say none of these (another release, another distribution, Windows).
 */
export function familyOfImage(image: ImageDescription): OsFamily | undefined {
  const name = image.name ?? "";
  if (/^al2023-ami-/.test(name)) return "amazon-linux-2023";
  if (/ubuntu-jammy-22\.04/.test(name)) return "ubuntu-22.04";
  if (/ubuntu-noble-24\.04/.test(name)) return "ubuntu-24.04";
  if (/^RHEL-9\.\d/.test(name) && !/windows/i.test(image.platformDetails ?? "")) return "rhel-9";
  return undefined;
}

const familyList = osFamilies.map((family) => `"${family}"`).join(", ");

/** `osFamily` as given, at construction: one of the supported families, or the problem with it. */
export function osFamilyProblems(osFamily: unknown): string[] {
  if (osFamily === undefined || (osFamilies as readonly unknown[]).includes(osFamily)) return [];
  return [`${ruleNames.supportedImage}: osFamily is ${JSON.stringify(osFamily)}; use one of ${familyList}.`];
}

/** `value` as a supported family, or `undefined`. */
export function asOsFamily(value: unknown): OsFamily | undefined {
  return osFamilies.find((family) => family === value);
}

/** The family known without asking AWS: `osFamily` when given, Amazon Linux 2023 for the default image, else `undefined` (read from the AMI). */
export function familyFromArguments(args: { ami?: unknown; osFamily?: string }): OsFamily | undefined {
  if (args.osFamily !== undefined) return asOsFamily(args.osFamily);
  return args.ami === undefined ? defaultOsFamily : undefined;
}

/** Whether an adoption keeps the user data the server was launched with (so the component's setup never runs there). */
export function keepsLaunchUserData(args: Pick<DualHomedServerArgs, "adopt">): boolean {
  return args.adopt?.userData !== undefined || (args.adopt?.keep?.instance ?? []).includes("userData");
}

/** The family of a given `ami`, or the one-line problem naming the image and `osFamily`. */
export function familyOfGivenImage(image: ImageDescription): { family?: OsFamily; problem?: string } {
  const family = familyOfImage(image);
  if (family) return { family };
  const described = image.name ? `"${image.name}"` : "an image without a name";
  return {
    problem:
      `${ruleNames.supportedImage}: ami "${image.imageId}" is ${described}, which is not an image the user data ` +
      `knows how to configure (Amazon Linux 2023, Ubuntu 22.04 or 24.04, RHEL 9); set osFamily to ${familyList} ` +
      `if it is one of those, or give an image of one.`,
  };
}

/**
 * A given `osFamily` that the image's own name contradicts (an Ubuntu image declared RHEL 9), as
 * one line; `undefined` when they agree or the name says no family (a golden image of your own).
 */
export function osFamilyConflict(image: ImageDescription, declared: OsFamily): string | undefined {
  const named = familyOfImage(image);
  if (named === undefined || named === declared) return undefined;
  return (
    `${ruleNames.supportedImage}: ami "${image.imageId}" is "${image.name}", a ${named} image, but osFamily is ` +
    `"${declared}", so the user data would configure the wrong distribution; set osFamily to "${named}" or remove it.`
  );
}
