import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsFunctions, ruleNames } from "dual-homed-server-rules";
import type { DualHomedServerArgs } from "../args";
import { deploymentError } from "../deploymentError";
import {
  defaultOsFamily,
  familyFromArguments,
  familyOfGivenImage,
  keepsLaunchUserData,
  osFamilyConflict,
  type OsFamily,
} from "../guest/osFamily";
import { sharedLookup } from "./sharedLookups";

/**
 * What AWS said, without the chain of prefixes the engine and the provider put before it: the API
 * error of "invocation of … returned an error: invoking …: 1 error occurred: * reading EC2 Instance
 * Type: operation error EC2: …, api error InvalidInstanceType: The following supplied instance types
 * do not exist: [t3.nope]", or the provider's own last line, as in "… 1 error occurred: * no
 * matching EC2 Subnet found" (its words for a subnet id that does not exist).
 */
export function awsReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const apiError = /api error ([\w.]+): ([^\n]*)/.exec(text);
  if (apiError) return `${apiError[1]}: ${apiError[2].trim()}`;
  const lines = text
    .split("\n")
    .map((line) => line.replace(/^[\s*]+/, "").trim())
    .filter((line) => line !== "");
  const last = lines[lines.length - 1] ?? text;
  return last.replace(/^(invocation of \S+ returned an error: |invoking \S+: )+/, "");
}

/** The AWS lookups one server makes, each failing with one message that names the argument. */
export class AwsLookups {
  constructor(
    private readonly name: string,
    private readonly component: pulumi.ComponentResource,
  ) {}

  /** A lookup keyed by an argument's value, shared by the program's servers, failing cleanly. */
  private lookup<T>(
    token: string,
    argument: string,
    value: pulumi.Input<string>,
    call: (key: string) => Promise<T>,
    advice: string,
  ): pulumi.Output<T> {
    return pulumi.output(value).apply((key) =>
      sharedLookup(this.component, token, key, () => call(key)).catch((error: unknown) => {
        const problem = `${ruleNames.lookupSucceeds}: ${argument} is "${key}", but AWS answered ${awsReason(error)}; ${advice}`;
        throw deploymentError(this.name, [problem], this.component);
      }),
    );
  }

  /** The subnet an argument names. */
  subnet(argument: string, subnetId: pulumi.Input<string>): pulumi.Output<aws.ec2.GetSubnetResult> {
    return this.lookup(
      awsFunctions.getSubnet,
      argument,
      subnetId,
      (id) => aws.ec2.getSubnet({ id }, { parent: this.component }),
      "give the id of a subnet that exists in the stack's AWS account and region (aws ec2 describe-subnets).",
    );
  }

  /** The instance type's limits and architectures. */
  instanceType(instanceType: pulumi.Input<string>): pulumi.Output<aws.ec2.GetInstanceTypeResult> {
    return this.lookup(
      awsFunctions.getInstanceType,
      "instanceType",
      instanceType,
      (type) => aws.ec2.getInstanceType({ instanceType: type }, { parent: this.component }),
      'give an instance type offered in the stack\'s region, such as "t3.micro" (aws ec2 describe-instance-type-offerings).',
    );
  }

  /** Each image read, failing with one error object however many checks read it. */
  private readonly images = new Map<string, Promise<aws.ec2.GetAmiResult>>();

  /** The image `ami` names. */
  image(imageId: string): Promise<aws.ec2.GetAmiResult> {
    let image = this.images.get(imageId);
    if (!image) {
      const lookup = sharedLookup(this.component, awsFunctions.getAmi, imageId, () =>
        aws.ec2.getAmi(
          { filters: [{ name: "image-id", values: [imageId] }], includeDeprecated: true },
          {
            parent: this.component,
          },
        ),
      );
      image = lookup.catch((error: unknown) => {
        const problem =
          `${ruleNames.lookupSucceeds}: ami is "${imageId}", but AWS answered ${awsReason(error)}; give an image ` +
          `available to the stack's account in its region.`;
        throw deploymentError(this.name, [problem], this.component);
      });
      image.catch(() => undefined);
      this.images.set(imageId, image);
    }
    return image;
  }

  /**
   * The size in GiB of an image's root snapshot (`undefined` when the image reports none), which a
   * root volume cannot be smaller than.
   */
  async rootSnapshotGiB(imageId: string): Promise<number | undefined> {
    const image = await this.image(imageId);
    const root = image.blockDeviceMappings.find((mapping) => mapping.deviceName === image.rootDeviceName);
    const size = Number(root?.ebs?.volume_size);
    return Number.isFinite(size) && size > 0 ? size : undefined;
  }

  /**
   * The image's family, which decides the user data: known from the arguments (`osFamily`, or the
   * default image), else read from the image's name during preview, refusing an image of a family
   * the user data cannot configure (`supported-image`) in one line naming `osFamily`.
   */
  osFamily(args: DualHomedServerArgs, ami: pulumi.Input<string>): pulumi.Output<OsFamily> {
    const known = familyFromArguments(args);
    // An adopted server keeping its launch user data never runs the component's setup.
    if (keepsLaunchUserData(args)) return pulumi.output(known ?? defaultOsFamily);
    if (known !== undefined) {
      if (args.osFamily === undefined || args.ami === undefined) return pulumi.output(known);
      // osFamily places an image whose name says nothing; it may not contradict one whose name does.
      return pulumi.output(ami).apply(async (imageId) => {
        const image = await this.image(imageId);
        const conflict = osFamilyConflict({ imageId, name: image.name }, known);
        if (conflict) throw deploymentError(this.name, [conflict], this.component);
        return known;
      });
    }
    return pulumi.output(ami).apply(async (imageId) => {
      const image = await this.image(imageId);
      const { family, problem } = familyOfGivenImage({
        imageId,
        name: image.name,
        description: image.description,
        platformDetails: image.platformDetails,
      });
      if (family === undefined) throw deploymentError(this.name, [problem ?? ""], this.component);
      return family;
    });
  }
}
