import type * as pulumi from "@pulumi/pulumi";
import type { DualHomedServerArgs, IngressRuleArgs } from "./args";
import { allowsHttp } from "./rules";

/** Primary interface's inbound rules when the user gives none: HTTP from anywhere, no SSH. */
export const defaultHttpIngressCidrs = ["0.0.0.0/0"];

/** Everything the component builds for one interface, with the defaults applied. */
export interface PlannedInterface {
  /** 0 for the primary interface. */
  deviceIndex: number;
  /** `eth<N>`, used in resource names and messages. */
  role: string;
  /** Where the interface comes from in the args, for messages (`subnetId`, `secondaryInterfaces[0]`). */
  argsPath: string;
  /** `undefined` means "the primary subnet". */
  subnetId?: pulumi.Input<string>;
  ingress: IngressRuleArgs[];
  /** Private IPv4 addresses, primary included. */
  ipv4Count: number;
  elasticIps: boolean;
  sourceDestCheck: boolean;
  description: string;
  allowsHttp: boolean;
}

function ruleAllowsHttp(rule: IngressRuleArgs): boolean {
  return rule.cidrBlocks.length > 0 && allowsHttp(rule.protocol ?? "tcp", rule.fromPort, rule.toPort);
}

/** Applies the documented defaults; the primary interface comes first. */
export function planInterfaces(name: string, args: DualHomedServerArgs): PlannedInterface[] {
  const primaryIngress: IngressRuleArgs[] = [
    {
      protocol: "tcp",
      fromPort: 80,
      cidrBlocks: args.httpIngressCidrs ?? defaultHttpIngressCidrs,
      description: "HTTP",
    },
    { protocol: "tcp", fromPort: 22, cidrBlocks: args.sshIngressCidrs ?? [], description: "SSH" },
  ].filter((rule) => rule.cidrBlocks.length > 0);
  const primary: PlannedInterface = {
    deviceIndex: 0,
    role: "eth0",
    argsPath: "subnetId",
    subnetId: args.subnetId,
    ingress: primaryIngress,
    ipv4Count: 1,
    elasticIps: true,
    sourceDestCheck: true,
    description: `${name} eth0`,
    allowsHttp: primaryIngress.some(ruleAllowsHttp),
  };
  const secondaries = (args.secondaryInterfaces ?? [{}]).map((eni, i): PlannedInterface => {
    const ingress = eni.ingress ?? [];
    return {
      deviceIndex: i + 1,
      role: `eth${i + 1}`,
      argsPath: `secondaryInterfaces[${i}]`,
      subnetId: eni.subnetId,
      ingress,
      ipv4Count: 1 + (eni.secondaryPrivateIpCount ?? 0),
      elasticIps: eni.elasticIps ?? true,
      sourceDestCheck: eni.sourceDestCheck ?? true,
      description: eni.description ?? `${name} eth${i + 1}`,
      allowsHttp: ingress.some(ruleAllowsHttp),
    };
  });
  return [primary, ...secondaries];
}
