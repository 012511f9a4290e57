/** Resource type tokens of @pulumi/aws v7 that the pack reads. */
export const awsTypes = {
  instance: "aws:ec2/instance:Instance",
  networkInterface: "aws:ec2/networkInterface:NetworkInterface",
  attachment: "aws:ec2/networkInterfaceAttachment:NetworkInterfaceAttachment",
  subnet: "aws:ec2/subnet:Subnet",
  eip: "aws:ec2/eip:Eip",
  eipAssociation: "aws:ec2/eipAssociation:EipAssociation",
} as const;
