import type { DualHomedServerArgs } from "../args";

/** The failover monitor's health check with its defaults applied. */
export interface PlannedHealthCheck {
  path: string;
  port: number;
  intervalSeconds: number;
  unhealthyThreshold: number;
  timeoutSeconds: number;
}

/** The documented defaults of `failoverHealthCheck`. */
export const defaultHealthCheck: PlannedHealthCheck = {
  path: "/",
  port: 80,
  intervalSeconds: 5,
  unhealthyThreshold: 3,
  timeoutSeconds: 2,
};

/** The failover monitor on the standby, when asked for; `undefined` without `failover: true`. */
export interface PlannedFailover {
  healthCheck: PlannedHealthCheck;
}

/** Applies the failover defaults once. */
export function planFailover(args: DualHomedServerArgs): PlannedFailover | undefined {
  if (args.failover !== true) return undefined;
  const given = args.failoverHealthCheck ?? {};
  return {
    healthCheck: {
      path: given.path ?? defaultHealthCheck.path,
      port: given.port ?? defaultHealthCheck.port,
      intervalSeconds: given.intervalSeconds ?? defaultHealthCheck.intervalSeconds,
      unhealthyThreshold: given.unhealthyThreshold ?? defaultHealthCheck.unhealthyThreshold,
      timeoutSeconds: given.timeoutSeconds ?? defaultHealthCheck.timeoutSeconds,
    },
  };
}
