// The component as a Pulumi package, the way users of other languages consume it:
// `pulumi package get-schema` and `pulumi package add` on components/, then a YAML program preview.
import { awsTypes } from "dual-homed-server-rules";
import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { motoVpcForSuite } from "../../scripts/local/motoTopology";
import { engine, previewProject, repoRoot, runPulumi } from "../../scripts/local/engineHarness";

const componentDir = path.join(repoRoot, "components");
const yamlExample = path.join(repoRoot, "examples", "yaml", "Pulumi.yaml");
const componentType = "dual-homed-server:index:DualHomedServer";

interface SchemaProperty {
  type?: string;
  $ref?: string;
  description?: string;
  items?: SchemaProperty;
}

describe(`the component package in the real engine (${engine.description})`, function () {
  this.timeout(600_000);
  const suite = motoVpcForSuite();
  let scratch: string;

  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), "engine-package-"));
  });
  after(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it("gives a schema through pulumi package get-schema: every input and output typed and described, subnetId required", () => {
    const schema = JSON.parse(runPulumi(["package", "get-schema", componentDir], scratch, suite.moto.endpoint)) as {
      name: string;
      resources: Record<
        string,
        {
          isComponent?: boolean;
          requiredInputs?: string[];
          inputProperties: Record<string, SchemaProperty>;
          properties: Record<string, SchemaProperty>;
        }
      >;
      types: Record<
        string,
        { properties?: Record<string, SchemaProperty>; enum?: { name: string; value: string; description?: string }[] }
      >;
    };
    assert.equal(schema.name, "dual-homed-server");
    const resource = schema.resources[componentType];
    assert.ok(resource, Object.keys(schema.resources).join(", "));
    assert.deepEqual(resource.requiredInputs, ["subnetId"]);
    assert.deepEqual(Object.keys(resource.inputProperties).sort(), [
      "adopt",
      "ami",
      "bootScript",
      "failover",
      "failoverConfirmation",
      "failoverFencing",
      "failoverHealthCheck",
      "failoverNotifications",
      "followLatestAmi",
      "httpIngressCidrs",
      "indexHtml",
      "instanceProfileName",
      "instanceRole",
      "instanceType",
      "ipv6AddressCount",
      "keyName",
      "maxSecurityGroupsPerInterface",
      "monitoring",
      "osFamily",
      "placementGroupName",
      "rootVolume",
      "secondaryInterfaces",
      "securityGroupIds",
      "spreadPlacement",
      "sshIngressCidrs",
      "standby",
      "standbyHoldsInterfaces",
      "standbySubnetId",
      "stopProtection",
      "subnetId",
      "tags",
      "terminationProtection",
    ]);
    assert.deepEqual(Object.keys(resource.properties).sort(), [
      "attachments",
      "availabilityZone",
      "eipAssociations",
      "elasticIps",
      "failoverHealthCheckIngress",
      "failoverInterfaceHealthCheckIngress",
      "failoverPolicy",
      "failoverTopic",
      "failoverTopicArn",
      "instance",
      "instanceId",
      "instanceProfile",
      "instanceProfileName",
      "instanceRole",
      "interfaces",
      "networkInterfaces",
      "placementGroup",
      "publicIps",
      "rolePolicyAttachments",
      "secondaryInterfacesInstanceId",
      "securityGroups",
      "standbyInstanceId",
      "standbyInstanceProfile",
      "standbyInstanceProfileName",
      "standbyInstances",
      "standbyInterfaces",
      "standbyRole",
      "standbyRolePolicyAttachments",
      "urls",
    ]);
    // The takeover choices are enums of the schema, as the TypeScript types name them.
    assert.match(resource.inputProperties.failoverConfirmation.$ref ?? "", /FailoverConfirmation$/);
    // The child resources are typed as references to the aws package's resources.
    assert.match(resource.properties.instance.$ref ?? "", /aws:ec2%2Finstance:Instance$/);
    const everyProperty = [
      ...Object.entries(resource.inputProperties),
      ...Object.entries(resource.properties),
      ...Object.values(schema.types).flatMap((t) => Object.entries(t.properties ?? {})),
    ];
    // Enums: every value the TypeScript union allows, named after its constant, with its TSDoc.
    const members = (type: string) => schema.types[`dual-homed-server:index:${type}`]?.enum ?? [];
    assert.deepEqual(
      members("FailoverConfirmation").map((m) => [m.name, m.value]),
      [
        ["Ec2Status", "ec2-status"],
        ["None", "none"],
      ],
    );
    assert.deepEqual(
      members("UnhealthyWhen").map((m) => m.value),
      ["all", "any", "eth0"],
    );
    for (const m of [...members("FailoverConfirmation"), ...members("UnhealthyWhen")]) assert.ok(m.description, m.name);
    for (const [name, property] of everyProperty) {
      assert.ok(property.type ?? property.$ref, `${name} has no type`);
      assert.ok(property.description && property.description.length > 10, `${name} has no TSDoc description`);
    }
    // The TSDoc of the args interface reaches the schema as written.
    assert.match(resource.inputProperties.subnetId.description ?? "", /Availability Zone/);
    assert.deepEqual(Object.keys(schema.types).sort(), [
      "dual-homed-server:index:AdoptionArgs",
      "dual-homed-server:index:FailoverConfirmation",
      "dual-homed-server:index:FailoverHealthCheckArgs",
      "dual-homed-server:index:FailoverNotificationsArgs",
      "dual-homed-server:index:IngressRuleArgs",
      "dual-homed-server:index:InstanceRoleArgs",
      "dual-homed-server:index:InterfaceInfo",
      "dual-homed-server:index:RootVolumeArgs",
      "dual-homed-server:index:SecondaryInterfaceArgs",
      "dual-homed-server:index:UnhealthyWhen",
    ]);
  });

  /** examples/yaml copied to a fresh project whose `packages:` entry is written by `pulumi package add`. */
  function yamlProjectFromExample(transform: (program: string) => string = (p) => p): string {
    const dir = mkdtempSync(path.join(scratch, "yaml-"));
    const program = readFileSync(yamlExample, "utf8").replace(/^# Written by[^\n]*\npackages:\n(?: {2}[^\n]*\n)+/m, "");
    assert.doesNotMatch(program, /^packages:/m);
    writeFileSync(path.join(dir, "Pulumi.yaml"), transform(program));
    runPulumi(["package", "add", componentDir], dir, suite.moto.endpoint);
    assert.match(
      readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"),
      new RegExp(`packages:\\n {2}dual-homed-server: ${componentDir}`),
    );
    return dir;
  }

  it("lets examples/yaml consume it through pulumi package add and preview with the pack", async () => {
    const dir = yamlProjectFromExample();
    const result = await previewProject(dir, {
      motoEndpoint: suite.moto.endpoint,
      config: {
        "dual-homed-server-yaml:subnetId": { value: suite.vpc.subnets.a1 },
        "dual-homed-server-yaml:secondarySubnetId": { value: suite.vpc.subnets.a2 },
      },
    });
    assert.equal(result.succeeded, true, result.error);
    assert.deepEqual(result.policyEvents, []);
    assert.equal(result.creates[componentType], 1);
    assert.equal(result.creates[awsTypes.networkInterface], 2);
    assert.equal(result.creates[awsTypes.attachment], 1);
  });

  it("stops the YAML example's cross-zone variant (subnets created in the program) with the pack", async () => {
    // The subnets are resources of the program, so their ids are unknown during preview: the
    // component cannot look them up, and the pack decides from the subnets' declared zones.
    const dir = yamlProjectFromExample((program) =>
      program
        .replace(/^config:\n(?: {2}[^\n]*\n)+/m, "")
        .replace(
          /^resources:\n/m,
          [
            "resources:",
            "  primary:",
            "    type: aws:ec2:Subnet",
            `    properties: { vpcId: ${suite.vpc.vpcId}, cidrBlock: 10.0.201.0/24, availabilityZone: us-east-1a }`,
            "  secondary:",
            "    type: aws:ec2:Subnet",
            `    properties: { vpcId: ${suite.vpc.vpcId}, cidrBlock: 10.0.202.0/24, availabilityZone: us-east-1b }`,
            "",
          ].join("\n"),
        )
        .replace(
          "subnetId: ${subnetId}",
          "subnetId: ${primary.id}\n      ami: ami-12c6146b\n      osFamily: amazon-linux-2023",
        )
        .replace("subnetId: ${secondarySubnetId}", "subnetId: ${secondary.id}"),
    );
    const result = await previewProject(dir, { motoEndpoint: suite.moto.endpoint });
    assert.equal(result.succeeded, false);
    const mandatory = result.policyEvents.filter((e) => e.enforcementLevel === "mandatory");
    assert.ok(mandatory.length > 0, result.error);
    for (const event of mandatory) assert.equal(event.policyName, "eni-same-az-as-instance");
    assert.match(
      mandatory[0].message,
      /"web-eth1" is in subnet "secondary" \(us-east-1b\) but instance "web-instance" is in us-east-1a/,
    );
  });
});
