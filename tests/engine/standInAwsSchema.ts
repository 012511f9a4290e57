// TEST DOUBLE (part of the stand-in AWS provider): the subset of the `aws` package schema the
// engine tests' programs use, with the property names and types of @pulumi/aws 7.48.0.
const string = { type: "string" };
const integer = { type: "integer" };
const boolean = { type: "boolean" };
const strings = { type: "array", items: string };
const tags = { type: "object", additionalProperties: string };

function resource(inputs: Record<string, object>, outputs: Record<string, object> = {}, required: string[] = []) {
  return { inputProperties: inputs, requiredInputs: required, properties: { ...inputs, ...outputs } };
}

export const standInAwsSchema = {
  name: "aws",
  version: "7.48.0",
  types: {
    "aws:ec2/InstancePrimaryNetworkInterface:InstancePrimaryNetworkInterface": {
      type: "object",
      properties: { networkInterfaceId: string, deleteOnTermination: boolean },
      required: ["networkInterfaceId"],
    },
  },
  resources: {
    "aws:ec2/subnet:Subnet": resource({ vpcId: string, cidrBlock: string, availabilityZone: string, tags }, {}, [
      "vpcId",
    ]),
    "aws:ec2/networkInterface:NetworkInterface": resource(
      {
        subnetId: string,
        securityGroups: strings,
        privateIpsCount: integer,
        privateIps: strings,
        privateIpLists: strings,
        privateIpListEnabled: boolean,
        ipv6AddressCount: integer,
        ipv6AddressLists: strings,
        ipv6Addresses: strings,
        sourceDestCheck: boolean,
        description: string,
        tags,
      },
      { privateIp: string },
      ["subnetId"],
    ),
    "aws:ec2/instance:Instance": resource(
      {
        ami: string,
        instanceType: string,
        subnetId: string,
        availabilityZone: string,
        vpcSecurityGroupIds: strings,
        secondaryPrivateIps: strings,
        primaryNetworkInterface: {
          $ref: "#/types/aws:ec2/InstancePrimaryNetworkInterface:InstancePrimaryNetworkInterface",
        },
        tags,
      },
      { privateIp: string },
    ),
    "aws:ec2/networkInterfaceAttachment:NetworkInterfaceAttachment": resource(
      { instanceId: string, networkInterfaceId: string, deviceIndex: integer, networkCardIndex: integer },
      { attachmentId: string },
      ["instanceId", "networkInterfaceId", "deviceIndex"],
    ),
    "aws:ec2/eip:Eip": resource(
      { domain: string, instance: string, networkInterface: string, associateWithPrivateIp: string, tags },
      { publicIp: string, allocationId: string },
    ),
    "aws:ec2/securityGroup:SecurityGroup": resource({ vpcId: string, description: string, name: string, tags }, {}),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": resource(
      {
        securityGroupId: string,
        ipProtocol: string,
        fromPort: integer,
        toPort: integer,
        cidrIpv4: string,
        cidrIpv6: string,
        description: string,
      },
      {},
      ["securityGroupId", "ipProtocol"],
    ),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": resource(
      { securityGroupId: string, ipProtocol: string, cidrIpv4: string, cidrIpv6: string, description: string },
      {},
      ["securityGroupId", "ipProtocol"],
    ),
    "aws:ec2/eipAssociation:EipAssociation": resource({
      allocationId: string,
      instanceId: string,
      networkInterfaceId: string,
      privateIpAddress: string,
    }),
  },
  functions: {
    "aws:ec2/getSubnet:getSubnet": {
      inputs: { properties: { id: string } },
      outputs: {
        properties: { id: string, availabilityZone: string, vpcId: string, cidrBlock: string },
        required: ["id", "availabilityZone", "vpcId", "cidrBlock"],
      },
    },
    "aws:ec2/getNetworkInterface:getNetworkInterface": {
      inputs: { properties: { id: string } },
      outputs: {
        properties: { id: string, subnetId: string, privateIp: string, privateIps: strings, securityGroups: strings },
        required: ["id", "subnetId", "privateIp", "privateIps", "securityGroups"],
      },
    },
  },
};
