/**
 * Type tokens of the @pulumi/aws v7 resources and functions the component builds or calls, the pack
 * reads and the test doubles answer: spelled once, so a rename in the provider is one edit here.
 */
export const awsTypes = {
  instance: "aws:ec2/instance:Instance",
  networkInterface: "aws:ec2/networkInterface:NetworkInterface",
  attachment: "aws:ec2/networkInterfaceAttachment:NetworkInterfaceAttachment",
  subnet: "aws:ec2/subnet:Subnet",
  eip: "aws:ec2/eip:Eip",
  eipAssociation: "aws:ec2/eipAssociation:EipAssociation",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  iamRole: "aws:iam/role:Role",
  instanceProfile: "aws:iam/instanceProfile:InstanceProfile",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  placementGroup: "aws:ec2/placementGroup:PlacementGroup",
  snsTopic: "aws:sns/topic:Topic",
} as const;

/** Tokens of the AWS provider's lookups (invokes) the component makes. */
export const awsFunctions = {
  getSubnet: "aws:ec2/getSubnet:getSubnet",
  getInstanceType: "aws:ec2/getInstanceType:getInstanceType",
  getNetworkInterface: "aws:ec2/getNetworkInterface:getNetworkInterface",
  getParameter: "aws:ssm/getParameter:getParameter",
  getAmi: "aws:ec2/getAmi:getAmi",
  getPartition: "aws:index/getPartition:getPartition",
  getRegion: "aws:index/getRegion:getRegion",
  getCallerIdentity: "aws:index/getCallerIdentity:getCallerIdentity",
} as const;
