import type * as pulumi from "@pulumi/pulumi";
import { instanceNetworkLimitsTable } from "dual-homed-server-rules";
import type { DualHomedServerArgs } from "../args";
import { planFailover, type PlannedFailover } from "./failoverPlan";
import { planInstance, type PlannedInstance } from "./instancePlan";
import { planInterfaces, planStandby, type PlannedInterface } from "./interfacePlan";
import { placeOnCards, type CardSlot } from "./networkCards";

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
  /** What the instance and its standby are launched with. */
  instance: PlannedInstance;
  /** The failover monitor on the standby (`failover: true` with a standby), else `undefined`. */
  failover?: PlannedFailover;
  /**
   * The network card and device index of each of the instance's interfaces, eth0 first: placed
   * from the instance-type table shipped with the rules, so they are plain numbers in every preview
   * (the check at preview compares them with the type AWS reports). A type the table does not
   * know, or one given as an output, is taken to have one card.
   */
  slots: CardSlot[];
}

function cardsOf(instanceType: pulumi.Input<string>): { index: number; maxNetworkInterfaces: number }[] {
  const known = typeof instanceType === "string" ? instanceNetworkLimitsTable()[instanceType] : undefined;
  return known?.networkCards ?? [{ index: 0, maxNetworkInterfaces: Number.MAX_SAFE_INTEGER }];
}

/** Applies every documented default once; nothing here reads AWS. */
export function planServer(name: string, args: DualHomedServerArgs): ServerPlan {
  const interfaces = planInterfaces(name, args);
  const standby = planStandby(name, args, interfaces[0]);
  const instanceType = args.instanceType ?? defaultInstanceType;
  return {
    interfaces,
    standby,
    placed: standby ? [...interfaces, standby] : interfaces,
    instanceType,
    standbyHoldsInterfaces: args.standbyHoldsInterfaces === true && standby !== undefined,
    instance: planInstance(args),
    failover: standby ? planFailover(name, args) : undefined,
    slots: placeOnCards(
      interfaces.map((eni) => eni.networkCardIndex),
      cardsOf(instanceType),
    ),
  };
}
