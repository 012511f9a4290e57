// TEST DOUBLE data (stand-in AWS provider): which input changes replace a resource and which the
// provider updates in place, as the AWS provider defines them. Each entry names its source: the
// provider's schema (pulumi-aws bridges the Terraform AWS provider, whose ForceNew / RequiresReplace
// arguments are replacements; a resource without an update function has only ForceNew arguments)
// or the Pulumi Registry page. Inputs not listed here update in place.
import { awsTypes } from "dual-homed-server-rules";

/** The inputs whose change replaces a resource of the type, each with where that is documented. */
export const replacingInputs: Record<string, Record<string, string>> = {
  [awsTypes.securityGroup]: {
    name: "provider schema (SecurityGroup): name is ForceNew",
    namePrefix: "provider schema (SecurityGroup): namePrefix is ForceNew",
    description: "provider schema (SecurityGroup): description is ForceNew (EC2 cannot change it)",
    vpcId: "provider schema (SecurityGroup): vpcId is ForceNew",
  },
  [awsTypes.ingressRule]: {
    securityGroupId: "provider schema: security_group_id requires replacement (rules are modified in place otherwise)",
  },
  [awsTypes.egressRule]: {
    securityGroupId: "provider schema: security_group_id requires replacement (rules are modified in place otherwise)",
  },
  [awsTypes.networkInterface]: {
    subnetId: "provider schema (NetworkInterface): subnetId is ForceNew (an ENI cannot change subnet)",
    privateIp: "provider schema: private_ip forces new resource",
    interfaceType: "provider schema (NetworkInterface): interfaceType is ForceNew",
  },
  [awsTypes.instance]: {
    ami: "provider schema (Instance): ami is ForceNew",
    availabilityZone: "provider schema (Instance): availabilityZone is ForceNew",
    subnetId: "provider schema (Instance): subnetId is ForceNew",
    primaryNetworkInterface: "provider schema (Instance): primaryNetworkInterface is ForceNew",
    keyName: "provider schema (Instance): keyName is ForceNew",
    rootBlockDevice: "provider schema (Instance): rootBlockDevice.encrypted is ForceNew",
    // userData replaces only with userDataReplaceOnChange (see userDataReplaces below).
  },
  [awsTypes.attachment]: {
    instanceId: "provider schema (NetworkInterfaceAttachment): instanceId is ForceNew",
    networkInterfaceId: "provider schema (NetworkInterfaceAttachment): networkInterfaceId is ForceNew",
    deviceIndex: "provider schema (NetworkInterfaceAttachment): deviceIndex is ForceNew",
    networkCardIndex: "provider schema (NetworkInterfaceAttachment): networkCardIndex is ForceNew",
  },
  [awsTypes.eip]: {
    domain: "provider schema (Eip): domain is ForceNew",
    publicIpv4Pool: "registry aws.ec2.Eip: publicIpv4Pool forces new resource",
    address: "provider schema (Eip): address is ForceNew",
  },
  [awsTypes.eipAssociation]: {
    allocationId: "provider schema (EipAssociation): no update function, every argument is ForceNew",
    instanceId: "provider schema (EipAssociation): no update function, every argument is ForceNew",
    networkInterfaceId: "provider schema (EipAssociation): no update function, every argument is ForceNew",
    privateIpAddress: "provider schema (EipAssociation): no update function, every argument is ForceNew",
    publicIp: "provider schema (EipAssociation): no update function, every argument is ForceNew",
    allowReassociation: "provider schema (EipAssociation): no update function, every argument is ForceNew",
  },
};

/**
 * registry aws.ec2.Instance: "userDataReplaceOnChange - When used in combination with userData or
 * userDataBase64 will trigger a destroy and recreate of the EC2 instance when set to true."
 * Without it, a userData change stops the instance, modifies the attribute and starts it again.
 */
function userDataReplaces(news: Record<string, unknown>): boolean {
  return news.userDataReplaceOnChange === true;
}

/** The changed inputs that force a replacement of a resource of `type`. */
export function replacementsFor(type: string, changed: string[], news: Record<string, unknown>): string[] {
  const replacing = replacingInputs[type] ?? {};
  return changed.filter(
    (key) =>
      key in replacing ||
      (type === awsTypes.instance && (key === "userData" || key === "userDataBase64") && userDataReplaces(news)),
  );
}
