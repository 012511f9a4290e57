import type * as pulumi from "@pulumi/pulumi";
import type { DualHomedServerArgs } from "../args";

import type { FailoverConfirmation, UnhealthyWhen } from "../failoverArgs";

/** The failover monitor's health check with its defaults applied. */
export interface PlannedHealthCheck {
  path: string;
  port: number;
  intervalSeconds: number;
  unhealthyThreshold: number;
  timeoutSeconds: number;
  unhealthyWhen: UnhealthyWhen;
  healthyStatusCodes: string;
}

/** The documented defaults of `failoverHealthCheck`. */
export const defaultHealthCheck: PlannedHealthCheck = {
  path: "/",
  port: 80,
  intervalSeconds: 5,
  unhealthyThreshold: 3,
  timeoutSeconds: 2,
  unhealthyWhen: "all",
  healthyStatusCodes: "200-399",
};

/** The failover monitor on the standby, when asked for; `undefined` without `failover: true`. */
export interface PlannedFailover {
  /** The component's name, which the monitor's log and messages call the server by. */
  serverName: string;
  healthCheck: PlannedHealthCheck;
  /** The second signal a takeover needs: EC2's view of the instance, or none (with fencing only). */
  confirmation: FailoverConfirmation;
  /** Whether the monitor stops the instance before it moves anything. */
  fencing: boolean;
  /** Where takeovers are published: `undefined` nowhere, `{}` a topic the component creates. */
  notifications?: { topicArn?: pulumi.Input<string> };
}

/** Applies the failover defaults once. */
export function planFailover(name: string, args: DualHomedServerArgs): PlannedFailover | undefined {
  if (args.failover !== true) return undefined;
  const given = args.failoverHealthCheck ?? {};
  return {
    serverName: name,
    healthCheck: {
      path: given.path ?? defaultHealthCheck.path,
      port: given.port ?? defaultHealthCheck.port,
      intervalSeconds: given.intervalSeconds ?? defaultHealthCheck.intervalSeconds,
      unhealthyThreshold: given.unhealthyThreshold ?? defaultHealthCheck.unhealthyThreshold,
      timeoutSeconds: given.timeoutSeconds ?? defaultHealthCheck.timeoutSeconds,
      unhealthyWhen: given.unhealthyWhen ?? defaultHealthCheck.unhealthyWhen,
      healthyStatusCodes: given.healthyStatusCodes ?? defaultHealthCheck.healthyStatusCodes,
    },
    confirmation: args.failoverConfirmation ?? "ec2-status",
    fencing: args.failoverFencing === true,
    notifications: args.failoverNotifications,
  };
}
