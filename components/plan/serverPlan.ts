import type * as pulumi from "@pulumi/pulumi";
import type { DualHomedServerArgs } from "../args";
import { planInterfaces, planStandby, type PlannedInterface } from "./interfacePlan";

/** Default instance type: 2 interfaces × 2 private IPv4 addresses. */
export const defaultInstanceType = "t3.micro";

/** The whole server with its defaults applied: the one form the checks and the children read. */
export interface ServerPlan {
  /** The instance's interfaces by device index, eth0 first. */
  interfaces: PlannedInterface[];
  /** The standby's own primary interface, when there is a standby. */
  standby?: PlannedInterface;
  /** Every interface placed in a subnet: the instance's, then the standby's. */
  placed: PlannedInterface[];
  instanceType: pulumi.Input<string>;
  /** Whether the standby, not the instance, holds the secondary interfaces. */
  standbyHoldsInterfaces: boolean;
}

/** Applies every documented default once; nothing here reads AWS. */
export function planServer(name: string, args: DualHomedServerArgs): ServerPlan {
  const interfaces = planInterfaces(name, args);
  const standby = planStandby(name, args, interfaces[0]);
  return {
    interfaces,
    standby,
    placed: standby ? [...interfaces, standby] : interfaces,
    instanceType: args.instanceType ?? defaultInstanceType,
    standbyHoldsInterfaces: args.standbyHoldsInterfaces === true && standby !== undefined,
  };
}
