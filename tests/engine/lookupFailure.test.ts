// A mistyped value the component looks up in AWS (a subnet id, an instance type), in the
// repository's TypeScript stack through the real engine against moto (the stand-in AWS provider, a
// TEST DOUBLE, where no real one is installed; it fails a lookup in the AWS provider's words): the
// preview fails with one message under the rule's name, naming the setting and the value and
// saying what to do, instead of the provider's chain of errors or a stack trace.
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { ruleNames } from "dual-homed-server-rules";
import * as assert from "node:assert/strict";
import { motoVpcForSuite } from "../../scripts/local/motoTopology";
import { engine, previewProject, repoRoot } from "../../scripts/local/engineHarness";
import { devStackConfig, stackKey } from "../../scripts/local/lifecycleStack";

const rule = ruleNames.lookupSucceeds;
const subnetAdvice = "give the id of a subnet that exists in the stack's AWS account and region";

describe(`a failed AWS lookup through the engine against moto (${engine.description}, stand-in AWS provider)`, function () {
  this.timeout(300_000);
  const suite = motoVpcForSuite();

  /**
   * Previews the dev stack with `config`, which must fail with exactly one problem, under
   * lookup-succeeds, and nothing else in what the user reads; returns that problem's line.
   */
  async function theOneProblem(config: () => ConfigMap): Promise<string> {
    const result = await previewProject(repoRoot, {
      motoEndpoint: suite.moto.endpoint,
      withPack: false,
      config: config(),
    });
    assert.equal(result.succeeded, false, "the preview should fail");
    const output = result.error ?? "";
    // One error diagnostic, the component's, listing one problem.
    const messages = result.errors.map((e) => e.message);
    assert.equal(messages.length, 1, messages.join("\n---\n"));
    assert.match(messages[0], /^DualHomedServer "web" cannot be deployed:\n/);
    const problems = messages[0].split("\n").filter((line) => line.startsWith("  - "));
    assert.equal(problems.length, 1, messages[0]);
    assert.ok(problems[0].startsWith(`  - ${rule}: `), problems[0]);
    // The CLI's output states that problem on one line (however often it repeats the diagnostics),
    // without the provider's error chain, a serialization prefix or a stack trace.
    const ruleLines = new Set(
      output
        .split("\n")
        .filter((line) => line.includes(rule))
        .map((line) => line.trim()),
    );
    assert.deepEqual([...ruleLines], [problems[0].trim()], output);
    assert.doesNotMatch(output, /error serializing property/);
    assert.doesNotMatch(output, /invocation of |invoking aws:|error occurred/);
    assert.doesNotMatch(output, /\n\s+at /, "no stack trace");
    // Nothing would be created in AWS.
    assert.deepEqual(
      Object.keys(result.creates).filter((type) => type.startsWith("aws:")),
      [],
    );
    return problems[0];
  }

  it("names subnetId and its value when the subnet does not exist", async () => {
    const problem = await theOneProblem(() => devStackConfig({ [stackKey("subnetId")]: "subnet-nope" }));
    assert.equal(
      problem,
      `  - ${rule}: subnetId is "subnet-nope", but AWS answered no matching EC2 Subnet found; ${subnetAdvice} (aws ec2 describe-subnets).`,
    );
  });

  it("names the secondary interface's subnetId and its value when that subnet does not exist", async () => {
    const problem = await theOneProblem(() =>
      devStackConfig({
        [stackKey("subnetId")]: suite.vpc.subnets.a1,
        [stackKey("secondaryInterfaces")]: [{ subnetId: "subnet-nope" }],
      }),
    );
    assert.equal(
      problem,
      `  - ${rule}: secondaryInterfaces[0].subnetId is "subnet-nope", but AWS answered no matching EC2 Subnet found; ${subnetAdvice} (aws ec2 describe-subnets).`,
    );
  });

  it("names instanceType and its value when EC2 has no such instance type", async () => {
    const problem = await theOneProblem(() =>
      devStackConfig({ [stackKey("subnetId")]: suite.vpc.subnets.a1, [stackKey("instanceType")]: "t3.nope" }),
    );
    assert.equal(
      problem,
      `  - ${rule}: instanceType is "t3.nope", but AWS answered InvalidInstanceType: The following supplied instance ` +
        `types do not exist: [t3.nope]; give an instance type offered in the stack's region, such as "t3.micro" ` +
        `(aws ec2 describe-instance-type-offerings).`,
    );
  });
});
