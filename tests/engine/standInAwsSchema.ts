// TEST DOUBLE (part of the stand-in AWS provider): the subset of the `aws` package schema the
// engine tests' programs use, with the property names and types of @pulumi/aws 7.48.0. Resource and
// function tokens come from the rules package's table; the one object type token is schema data.
import { awsFunctions, awsTypes } from "dual-homed-server-rules";

const primaryNetworkInterfaceType = "aws:ec2/InstancePrimaryNetworkInterface:InstancePrimaryNetworkInterface";
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
    [primaryNetworkInterfaceType]: {
      type: "object",
      properties: { networkInterfaceId: string, deleteOnTermination: boolean },
      required: ["networkInterfaceId"],
    },
  },
  resources: {
    [awsTypes.subnet]: resource({ vpcId: string, cidrBlock: string, availabilityZone: string, tags }, {}, ["vpcId"]),
    [awsTypes.networkInterface]: resource(
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
    [awsTypes.instance]: resource(
      {
        ami: string,
        instanceType: string,
        subnetId: string,
        availabilityZone: string,
        vpcSecurityGroupIds: strings,
        secondaryPrivateIps: strings,
        primaryNetworkInterface: {
          $ref: `#/types/${primaryNetworkInterfaceType}`,
        },
        tags,
      },
      { privateIp: string },
    ),
    [awsTypes.attachment]: resource(
      { instanceId: string, networkInterfaceId: string, deviceIndex: integer, networkCardIndex: integer },
      { attachmentId: string },
      ["instanceId", "networkInterfaceId", "deviceIndex"],
    ),
    [awsTypes.eip]: resource(
      { domain: string, instance: string, networkInterface: string, associateWithPrivateIp: string, tags },
      { publicIp: string, allocationId: string },
    ),
    [awsTypes.securityGroup]: resource({ vpcId: string, description: string, name: string, tags }, {}),
    [awsTypes.ingressRule]: resource(
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
    [awsTypes.egressRule]: resource(
      { securityGroupId: string, ipProtocol: string, cidrIpv4: string, cidrIpv6: string, description: string },
      {},
      ["securityGroupId", "ipProtocol"],
    ),
    [awsTypes.eipAssociation]: resource({
      allocationId: string,
      instanceId: string,
      networkInterfaceId: string,
      privateIpAddress: string,
    }),
  },
  functions: {
    [awsFunctions.getSubnet]: {
      inputs: { properties: { id: string } },
      outputs: {
        properties: { id: string, availabilityZone: string, vpcId: string, cidrBlock: string },
        required: ["id", "availabilityZone", "vpcId", "cidrBlock"],
      },
    },
    [awsFunctions.getNetworkInterface]: {
      inputs: { properties: { id: string } },
      outputs: {
        properties: { id: string, subnetId: string, privateIp: string, privateIps: strings, securityGroups: strings },
        required: ["id", "subnetId", "privateIp", "privateIps", "securityGroups"],
      },
    },
  },
};
