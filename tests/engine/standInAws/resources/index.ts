// TEST DOUBLE (part of the stand-in AWS provider): the resource handlers by type token. Create,
// read, update and delete of the resources the component declares, through the EC2 and IAM APIs
// of the moto emulator, the way the AWS provider does them (placement groups, which moto lacks,
// kept by the stand-in: placementStore.ts). EC2's errors reach the engine as the provider
// reports them (../errors.ts). Where moto does not enforce a rule AWS enforces, the double enforces
// it with AWS's own error code, so the engine meets what it would meet on AWS:
// - an interface already attached cannot be attached again (InvalidNetworkInterface.InUse);
// - a security group still used by an interface cannot be deleted (DependencyViolation).
// moto also ignores AssociateAddress's PrivateIpAddress (it binds the primary address), so an
// association's private address is kept as requested rather than read back.
import type { ResourceHandler } from "../resourceHandler";
import { eip } from "./eip";
import { eipAssociation } from "./eipAssociation";
import { iamRole, instanceProfile, rolePolicy, rolePolicyAttachment } from "./iam";
import { instance } from "./instance";
import { networkInterface } from "./networkInterface";
import { attachment } from "./networkInterfaceAttachment";
import { placementGroup } from "./placementGroup";
import { securityGroup } from "./securityGroup";
import { securityGroupRule } from "./securityGroupRule";
import { snsTopic } from "./snsTopic";

const handlers: ResourceHandler[] = [
  securityGroup,
  securityGroupRule("ingress"),
  securityGroupRule("egress"),
  networkInterface,
  instance,
  attachment,
  eip,
  eipAssociation,
  iamRole,
  instanceProfile,
  rolePolicyAttachment,
  rolePolicy,
  placementGroup,
  snsTopic,
];

/** Handlers by type token. */
export const ec2Resources: Record<string, ResourceHandler> = Object.fromEntries(handlers.map((h) => [h.type, h]));
