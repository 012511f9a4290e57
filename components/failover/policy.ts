/** The ids the standby's failover policy is generated from. */
export interface FailoverPolicyIds {
  /** `aws`, `aws-cn` or `aws-us-gov`. */
  partition: string;
  region: string;
  accountId: string;
  /** The instance the monitor takes the interfaces from. */
  primaryInstanceId: string;
  /** The standby, which the monitor runs on and attaches the interfaces to. */
  standbyInstanceId: string;
  /** The secondary interfaces (device index 1 and up). */
  networkInterfaceIds: string[];
}

/** One statement of an IAM policy document. */
export interface PolicyStatement {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: string | string[];
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/**
 * The least the failover monitor needs, and nothing more: read the interfaces, detach these
 * interfaces from the primary, attach them to the standby. EC2's Describe actions take no resource
 * (`"*"`); `DetachNetworkInterface` and `AttachNetworkInterface` authorize on both the instance and
 * the network interface (Service Authorization Reference for Amazon EC2), so each statement names
 * the one instance it may act on and the interfaces: the role can neither attach them to the
 * primary nor detach them from the standby, so it cannot move them back, and no other interface
 * or instance is within reach. No condition key covers the device index or `Force`.
 */
export function failoverPolicyDocument(ids: FailoverPolicyIds): PolicyDocument {
  const arn = (kind: string, id: string) => `arn:${ids.partition}:ec2:${ids.region}:${ids.accountId}:${kind}/${id}`;
  const interfaces = ids.networkInterfaceIds.map((id) => arn("network-interface", id));
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "ReadInterfaces", Effect: "Allow", Action: ["ec2:DescribeNetworkInterfaces"], Resource: "*" },
      {
        Sid: "DetachFromThePrimary",
        Effect: "Allow",
        Action: ["ec2:DetachNetworkInterface"],
        Resource: [arn("instance", ids.primaryInstanceId), ...interfaces],
      },
      {
        Sid: "AttachToTheStandby",
        Effect: "Allow",
        Action: ["ec2:AttachNetworkInterface"],
        Resource: [arn("instance", ids.standbyInstanceId), ...interfaces],
      },
    ],
  };
}
