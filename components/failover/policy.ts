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
  /** Whether the monitor asks EC2 for the primary's state and status checks before it takes over. */
  confirmWithEc2: boolean;
  /** Whether the monitor stops the primary (forced) before it moves anything. */
  fence: boolean;
  /** The SNS topic the monitor publishes takeovers and refused takeovers to, if any. */
  topicArn?: string;
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
 * The least the failover monitor needs, and nothing more: read the interfaces (and, to confirm a
 * failure, the primary's status), detach these interfaces from the primary, attach them to the
 * standby, and with the options on, stop the primary and publish to the one topic. EC2's Describe
 * actions take no resource (`"*"`); `DetachNetworkInterface` and `AttachNetworkInterface`
 * authorize on both the instance and the network interface, `StopInstances` on the instance
 * (Service Authorization Reference for Amazon EC2), `sns:Publish` on the topic: each statement
 * names the one instance it may act on and the interfaces, so the role can neither attach them to
 * the primary nor detach them from the standby (it cannot move them back), stop only the primary,
 * and no other interface, instance or topic is within reach. No condition key covers the device
 * index or `Force`.
 */
export function failoverPolicyDocument(ids: FailoverPolicyIds): PolicyDocument {
  const arn = (kind: string, id: string) => `arn:${ids.partition}:ec2:${ids.region}:${ids.accountId}:${kind}/${id}`;
  const interfaces = ids.networkInterfaceIds.map((id) => arn("network-interface", id));
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "ReadInterfaces", Effect: "Allow", Action: ["ec2:DescribeNetworkInterfaces"], Resource: "*" },
      ...(ids.confirmWithEc2
        ? [
            {
              Sid: "ReadInstanceStatus",
              Effect: "Allow" as const,
              Action: ["ec2:DescribeInstanceStatus"],
              Resource: "*",
            },
          ]
        : []),
      ...(ids.fence
        ? [
            {
              Sid: "FenceThePrimary",
              Effect: "Allow" as const,
              Action: ["ec2:StopInstances"],
              Resource: arn("instance", ids.primaryInstanceId),
            },
          ]
        : []),
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
      ...(ids.topicArn
        ? [{ Sid: "NotifyTheTopic", Effect: "Allow" as const, Action: ["sns:Publish"], Resource: ids.topicArn }]
        : []),
    ],
  };
}
