import type * as pulumi from "@pulumi/pulumi";

/**
 * The instance's root volume. It is always encrypted (with `kmsKeyId`, or the account's default
 * EBS key). Limits per type, checked at construction (Amazon EBS User Guide, "Amazon EBS volume
 * types", and the EC2 API Reference, `EbsBlockDevice`; gp3 as raised in September 2025):
 * gp3 1–65,536 GiB, 3,000–80,000 IOPS at most 500 per GiB, 125–2,000 MiB/s at most 0.25 MiB/s per
 * IOPS; gp2 1–16,384 GiB; io1 4–16,384 GiB, 100–64,000 IOPS at most 50 per GiB; io2 4–65,536 GiB,
 * 100–256,000 IOPS at most 1,000 per GiB; standard 1–1,024 GiB. During preview the size is also
 * checked against the image's root snapshot, which a volume cannot be smaller than.
 */
export interface RootVolumeArgs {
  /** Size in GiB. Default: the image's root snapshot size (8 GiB for Amazon Linux 2023). */
  sizeGiB?: number;
  /**
   * Volume type: `"gp3"` (default), `"gp2"`, `"io1"`, `"io2"` or `"standard"`; st1 and sc1 cannot be
   * boot volumes. Changing it modifies the volume in place.
   */
  type?: string;
  /** Provisioned IOPS: gp3 (default 3,000, included in its price), io1 and io2 (required there). */
  iops?: number;
  /** Throughput in MiB/s, gp3 only. Default 125 (included in its price). */
  throughputMiBps?: number;
  /**
   * KMS key (id or ARN) that encrypts the volume. Default: the account's default EBS key. Changing
   * it replaces the instance: EC2 cannot re-encrypt a volume in place.
   */
  kmsKeyId?: pulumi.Input<string>;
}

/**
 * An IAM role the component creates for the instance (and its standby), with its instance profile
 * and managed policy attachments as child resources.
 */
export interface InstanceRoleArgs {
  /**
   * Attach the AWS managed policy `AmazonSSMManagedInstanceCore`, so Systems Manager Session
   * Manager reaches the instance without SSH or an open port. Default `false`. Amazon Linux 2023
   * runs the SSM agent already; the instance needs a route to the SSM endpoints (its Elastic IP
   * gives one).
   */
  sessionManager?: boolean;
  /**
   * Further managed policy ARNs to attach (`arn:aws:iam::aws:policy/...` or your own). Default: none.
   * Each becomes a `RolePolicyAttachment` named after the policy's name.
   */
  managedPolicyArns?: string[];
}
