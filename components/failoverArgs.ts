import type * as pulumi from "@pulumi/pulumi";

/** Which failing addresses declare the primary failed (`FailoverHealthCheckArgs.unhealthyWhen`). */
export const UnhealthyWhen = {
  /** Every checked address fails (the default). */
  All: "all",
  /** One checked address fails. */
  Any: "any",
  /** eth0's address, the only one checked, fails. */
  Eth0: "eth0",
} as const;
export type UnhealthyWhen = (typeof UnhealthyWhen)[keyof typeof UnhealthyWhen];

/** The second signal a takeover needs besides the failed checks (`failoverConfirmation`). */
export const FailoverConfirmation = {
  /** EC2's view of the instance must agree that it is gone or impaired (the default). */
  Ec2Status: "ec2-status",
  /** The checks alone decide; needs fencing. */
  None: "none",
} as const;
export type FailoverConfirmation = (typeof FailoverConfirmation)[keyof typeof FailoverConfirmation];

/**
 * How the failover monitor on the standby checks the primary: an HTTP GET of `path` on `port` at
 * the private addresses clients use (eth0's and each secondary interface's), all at once, every
 * `intervalSeconds`; a check fails after `timeoutSeconds` or on a status outside
 * `healthyStatusCodes`. After `unhealthyThreshold` rounds in a row that `unhealthyWhen` declares
 * failed, the standby decides whether to take over (`failoverConfirmation`). The primary is
 * declared failed between (unhealthyThreshold − 1) × intervalSeconds and unhealthyThreshold ×
 * intervalSeconds + timeoutSeconds after it stops answering (10–17 s with the defaults). Changing
 * any of them replaces the standby (its user data holds them).
 */
export interface FailoverHealthCheckArgs {
  /** The path requested. Default `"/"` (the page Apache serves). Starts with `/`; printable ASCII, no spaces. */
  path?: string;
  /**
   * The TCP port. Default `80`. The component opens it on the primary's eth0 security group to the
   * standby's eth0 private address alone.
   */
  port?: number;
  /** Seconds between checks. Default `5`; a whole number from 1 to 300. */
  intervalSeconds?: number;
  /**
   * Failed checks in a row that declare the primary failed. Default `3`; from 2 to 10: one failed
   * check never moves anything, and an answer in between starts the count again.
   */
  unhealthyThreshold?: number;
  /** Seconds a check may take. Default `2`; a whole number from 1 to `intervalSeconds`. */
  timeoutSeconds?: number;
  /**
   * Which failing addresses declare the primary failed. Default `"all"`: every checked address
   * fails (eth0's and each secondary interface's), so a broken path to one interface (its security
   * group, a network ACL) moves nothing; it is logged and notified as degraded. `"any"`: one
   * failing address counts, so an interface that stopped answering leads to a takeover decision.
   * `"eth0"`: eth0's address alone is checked. With `"all"` and `"any"` the component opens `port`
   * on each secondary interface's security group to the standby's eth0 address alone.
   */
  unhealthyWhen?: UnhealthyWhen;
  /**
   * The HTTP statuses that count as alive, as an Elastic Load Balancing health check matcher
   * writes them: codes and ranges separated by commas, each from 100 to 599. Default
   * `"200-399"`; e.g. `"200-399,503"` counts a busy server's 503 as alive. Redirects are judged by
   * their own status, never followed.
   */
  healthyStatusCodes?: string;
}

/** Where the failover monitor publishes its takeovers and refused takeovers. */
export interface FailoverNotificationsArgs {
  /**
   * An existing SNS topic (`arn:<partition>:sns:<region>:<account>:<name>`). Default: the
   * component creates one, `<name>-failover-topic` (subscribe to it yourself: an email
   * subscription needs its recipient's confirmation). The standby's role may publish to this topic
   * and no other; a topic encrypted with a customer managed KMS key also needs `kms:Decrypt` and
   * `kms:GenerateDataKey*` for that role in the key's policy.
   */
  topicArn?: pulumi.Input<string>;
}
