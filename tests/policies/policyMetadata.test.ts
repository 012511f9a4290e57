// The metadata every policy carries (severity, remediation steps, a link to its README section,
// tags) and its not-applicable verdict: on the policy objects, in policies/README.md, through the
// analyzer stand-in, and through @pulumi/policy's own GetAnalyzerInfo and AnalyzeStack handlers, as
// the engine's requests reach them. The engine's side: tests/engine/policyPackInEngine.test.ts.
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import type { StackValidationPolicy } from "@pulumi/policy";
import { eniPolicies } from "dual-homed-server-policies/policies";
import { awsTypes, ruleNames } from "dual-homed-server-rules";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { evaluateStackPolicy, unknownValue, type StackResourceSpec } from "../support/policyHarness";
import { eni, serverWithAttachments, subnet } from "./stacks";

/** The severities as designed: every refusal at apply time is high, the quota-dependent advisory medium. */
const designed: Record<string, { severity: string; tags: string[]; notApplicable: string }> = {
  [ruleNames.eniSameAzAsInstance]: {
    severity: "high",
    tags: ["availability-zone"],
    notApplicable: "the stack has no EC2 instance and no network interface attachment",
  },
  [ruleNames.eniCountWithinInstanceTypeLimit]: {
    severity: "high",
    tags: ["instance-type-limits"],
    notApplicable: "the stack has no EC2 instance and no network interface attachment",
  },
  [ruleNames.eniAddressesWithinInstanceTypeLimit]: {
    severity: "high",
    tags: ["instance-type-limits", "ip-addresses"],
    notApplicable: "the stack has no EC2 instance",
  },
  [ruleNames.eniAttachedOnce]: {
    severity: "high",
    tags: ["attachment"],
    notApplicable: "the stack has no network interface",
  },
  [ruleNames.eipBoundToInterfaceAddress]: {
    severity: "high",
    tags: ["elastic-ip"],
    notApplicable: "the stack has no Elastic IP and no Elastic IP association",
  },
  [ruleNames.eniSecurityGroupCount]: {
    severity: "medium",
    tags: ["security-group", "quota"],
    notApplicable: "the stack has no network interface and no EC2 instance",
  },
};

const readmePath = path.join(__dirname, "..", "..", "policies", "README.md");
const readme = readFileSync(readmePath, "utf8");

/** Heading anchors as GitHub makes them: lowercase, punctuation but `-` and `_` dropped, spaces to `-`, repeats numbered. */
function githubAnchors(markdown: string): Map<string, string> {
  const anchors = new Map<string, string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1].replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[`*_~]/g, (c) => (c === "_" ? "_" : ""));
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.set(n === 0 ? base : `${base}-${n}`, heading[1]);
  }
  return anchors;
}

/** The text of the README section under the heading with this anchor, up to the next heading. */
function section(anchor: string): string {
  const heading = githubAnchors(readme).get(anchor);
  assert.ok(heading, `policies/README.md has no heading with anchor #${anchor}`);
  const lines = readme.split("\n");
  const start = lines.findIndex((l) => /^#{1,6}\s/.test(l) && l.replace(/^#+\s+/, "").trim() === heading);
  const end = lines.findIndex((l, i) => i > start && /^#{1,6}\s/.test(l));
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

describe("policy metadata", () => {
  it("the anchor parser makes GitHub's anchors", () => {
    const anchors = githubAnchors(
      "# A `b-c` d.e\n## Severity, remediation: tags\n```\n# not a heading\n```\n## X\n## X\n",
    );
    assert.deepEqual([...anchors.keys()], ["a-b-c-de", "severity-remediation-tags", "x", "x-1"]);
  });

  it("designs a severity for every policy of the pack, and for no other", () => {
    assert.deepEqual(eniPolicies.map((p) => p.name).sort(), Object.keys(designed).sort());
  });

  for (const policy of eniPolicies) {
    describe(policy.name, () => {
      const want = designed[policy.name];

      it(`has severity ${want.severity}, remediation steps, tags and no compliance framework`, () => {
        assert.equal(policy.severity, want.severity);
        assert.equal(typeof policy.remediationSteps, "string");
        assert.ok((policy.remediationSteps ?? "").length > 80, policy.remediationSteps);
        assert.deepEqual(policy.tags, ["aws", "ec2", "network-interface", ...want.tags]);
        assert.equal(policy.framework, undefined);
      });

      it("links to its own section of policies/README.md, which states its level, severity and fix", () => {
        const url = new URL(policy.url ?? "");
        assert.equal(url.protocol, "https:");
        assert.equal(url.pathname, "/policies/README.md");
        assert.equal(url.hash, `#${policy.name}`);
        const text = section(policy.name);
        const level = policy.enforcementLevel === "mandatory" ? "Mandatory" : "Advisory";
        assert.match(
          text,
          new RegExp(
            `^${level}, severity \`${want.severity}\`; tags ${want.tags.map((t) => `\`${t}\``).join(", ")}\\.`,
          ),
        );
        assert.ok(text.includes(`Fix: ${policy.remediationSteps}`), `section #${policy.name} lacks the fix:\n${text}`);
        assert.ok(
          text.includes(`Not applicable to a stack with ${want.notApplicable.replace(/^the stack has /, "")}.`),
        );
      });

      it("reports itself not applicable to a stack with nothing it judges, with the reason", async () => {
        const outcome = await evaluateStackPolicy(policy, [subnet("net-a", "us-east-1a")]);
        assert.deepEqual(outcome, { violations: [], notApplicable: want.notApplicable });
      });

      it("is applicable to a DualHomedServer-like stack, even where it passes", async () => {
        const stack: StackResourceSpec[] = [
          ...serverWithAttachments("web", "t3.micro", 1),
          { type: awsTypes.eip, name: "web-eth1-eip", props: { domain: "vpc" } },
        ];
        assert.deepEqual(await evaluateStackPolicy(policy, stack), { violations: [] });
      });
    });
  }

  it("judges the stack when only part of what a policy needs is there", async () => {
    const byName = Object.fromEntries(eniPolicies.map((p) => [p.name, p]));
    // An interface alone: attached-once and the security-group count judge it; the instance policies do not.
    const lone = [subnet("net-a", "us-east-1a"), eni("eth1", "net-a")];
    assert.equal((await evaluateStackPolicy(byName[ruleNames.eniAttachedOnce], lone)).notApplicable, undefined);
    assert.equal((await evaluateStackPolicy(byName[ruleNames.eniSecurityGroupCount], lone)).notApplicable, undefined);
    assert.equal(
      (await evaluateStackPolicy(byName[ruleNames.eniAddressesWithinInstanceTypeLimit], lone)).notApplicable,
      "the stack has no EC2 instance",
    );
    // An attachment to an instance outside the stack: the zone and count policies say they could not verify it.
    const outside: StackResourceSpec[] = [
      ...lone,
      {
        type: awsTypes.attachment,
        name: "att",
        props: { instanceId: "i-0abc", networkInterfaceId: unknownValue.string, deviceIndex: 1 },
        propertyDependencies: { networkInterfaceId: ["eth1"] },
      },
    ];
    for (const name of [ruleNames.eniSameAzAsInstance, ruleNames.eniCountWithinInstanceTypeLimit]) {
      const outcome = await evaluateStackPolicy(byName[name], outside);
      assert.equal(outcome.notApplicable, undefined, name);
      assert.equal(outcome.violations.length, 1, JSON.stringify(outcome));
      assert.match(outcome.violations[0].message, /could not verify/);
    }
  });
});

// ---- @pulumi/policy's own handlers, as the engine calls them ----

/** gRPC's callback error: a ServiceError-like status, or null on success. */
type RpcError = { code?: number; details?: string } | null;
type Rpc<Req, Res> = (call: { request: Req }, callback: (err: RpcError, response?: Res) => void) => Promise<void>;
// Internal modules of @pulumi/policy (no .d.ts entries): the AnalyzeStack handler and GetAnalyzerInfo's builder.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { makeAnalyzeStackRpcFun } = require("@pulumi/policy/server") as {
  makeAnalyzeStackRpcFun: (
    pack: string,
    version: string,
    level: string,
    policies: StackValidationPolicy[],
  ) => Rpc<analyzerproto.AnalyzeStackRequest, analyzerproto.AnalyzeResponse>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { makeAnalyzerInfo } = require("@pulumi/policy/protoutil") as {
  makeAnalyzerInfo: (
    pack: string,
    version: string,
    level: string,
    args: { policies: StackValidationPolicy[] },
  ) => analyzerproto.AnalyzerInfo;
};

/** The engine's wire marker for a value not known during preview. */
const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const urnOf = (type: string, name: string) => `urn:pulumi:test::dual-homed-server-stack::${type}::${name}`;

interface WireResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
  propertyDependencies?: Record<string, string[]>;
}

function analyzeStackRequest(specs: WireResource[]): analyzerproto.AnalyzeStackRequest {
  const urns = new Map(specs.map((s) => [s.name, urnOf(s.type, s.name)]));
  return new analyzerproto.AnalyzeStackRequest().setResourcesList(
    specs.map((spec) => {
      const resource = new analyzerproto.AnalyzerResource()
        .setType(spec.type)
        .setName(spec.name)
        .setUrn(urnOf(spec.type, spec.name))
        .setProperties(structproto.Struct.fromJavaScript(spec.props as Record<string, structproto.JavaScriptValue>))
        .setOptions(new analyzerproto.AnalyzerResourceOptions());
      for (const [prop, names] of Object.entries(spec.propertyDependencies ?? {})) {
        const list = names.map((n) => urns.get(n)!);
        resource
          .getPropertydependenciesMap()
          .set(prop, new analyzerproto.AnalyzerPropertyDependencies().setUrnsList(list));
      }
      return resource.setDependenciesList(
        Object.values(spec.propertyDependencies ?? {})
          .flat()
          .map((n) => urns.get(n)!),
      );
    }),
  );
}

function analyzeStack(specs: WireResource[]): Promise<analyzerproto.AnalyzeResponse> {
  const handler = makeAnalyzeStackRpcFun("dual-homed-server-eni", "0.1.0", "advisory", eniPolicies);
  return new Promise((resolve, reject) => {
    void handler({ request: analyzeStackRequest(specs) }, (err, response) =>
      err
        ? reject(err instanceof Error ? err : new Error(err.details ?? `analyzer status ${err.code}`))
        : resolve(response!),
    );
  });
}

const severityOnWire: Record<string, analyzerproto.PolicySeverity> = {
  low: analyzerproto.PolicySeverity.POLICY_SEVERITY_LOW,
  medium: analyzerproto.PolicySeverity.POLICY_SEVERITY_MEDIUM,
  high: analyzerproto.PolicySeverity.POLICY_SEVERITY_HIGH,
  critical: analyzerproto.PolicySeverity.POLICY_SEVERITY_CRITICAL,
};

describe("policy metadata through @pulumi/policy's analyzer handlers", () => {
  it("GetAnalyzerInfo sends every policy's severity, remediation steps, url and tags, and no framework", () => {
    const info = makeAnalyzerInfo("dual-homed-server-eni", "0.1.0", "advisory", { policies: eniPolicies });
    const sent = info.getPoliciesList();
    assert.deepEqual(
      sent.map((p) => p.getName()),
      eniPolicies.map((p) => p.name),
    );
    for (const p of sent) {
      const want = designed[p.getName()];
      assert.equal(p.getSeverity(), severityOnWire[want.severity], p.getName());
      assert.equal(p.getPolicyType(), analyzerproto.PolicyType.POLICY_TYPE_STACK);
      assert.match(p.getRemediationSteps(), /\w{4,}/);
      assert.equal(p.getUrl(), `https://dual-homed-server.invalid/policies/README.md#${p.getName()}`);
      assert.deepEqual(p.getTagsList(), ["aws", "ec2", "network-interface", ...want.tags]);
      assert.equal(p.hasFramework(), false);
    }
  });

  it("AnalyzeStack reports all six not applicable, with reasons, for a stack of subnets only", async () => {
    const response = await analyzeStack([
      { type: awsTypes.subnet, name: "net-a", props: { vpcId: "vpc-1", availabilityZone: "us-east-1a" } },
    ]);
    assert.deepEqual(response.getDiagnosticsList(), []);
    assert.deepEqual(
      response.getNotApplicableList().map((na) => [na.getPolicyName(), na.getReason()]),
      eniPolicies.map((p) => [p.name, designed[p.name].notApplicable]),
    );
  });

  it("AnalyzeStack gives a violation the policy's severity, and lists only the policies with nothing to judge", async () => {
    const response = await analyzeStack([
      { type: awsTypes.subnet, name: "net-a", props: { vpcId: "vpc-1", availabilityZone: "us-east-1a" } },
      { type: awsTypes.subnet, name: "net-b", props: { vpcId: "vpc-1", availabilityZone: "us-east-1b" } },
      {
        type: awsTypes.instance,
        name: "server",
        props: { instanceType: "t3.micro", subnetId: unknown },
        propertyDependencies: { subnetId: ["net-a"] },
      },
      {
        type: awsTypes.networkInterface,
        name: "eth1",
        props: { subnetId: unknown },
        propertyDependencies: { subnetId: ["net-b"] },
      },
      {
        type: awsTypes.attachment,
        name: "eth1-attachment",
        props: { instanceId: unknown, networkInterfaceId: unknown, deviceIndex: 1 },
        propertyDependencies: { instanceId: ["server"], networkInterfaceId: ["eth1"] },
      },
    ]);
    const diagnostics = response.getDiagnosticsList();
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics.map((d) => d.toObject())));
    assert.equal(diagnostics[0].getPolicyname(), ruleNames.eniSameAzAsInstance);
    assert.equal(diagnostics[0].getSeverity(), analyzerproto.PolicySeverity.POLICY_SEVERITY_HIGH);
    assert.equal(diagnostics[0].getEnforcementlevel(), analyzerproto.EnforcementLevel.MANDATORY);
    assert.match(
      diagnostics[0].getMessage(),
      /"eth1" is in subnet "net-b" \(us-east-1b\) but instance "server" is in us-east-1a/,
    );
    assert.deepEqual(
      response.getNotApplicableList().map((na) => na.getPolicyName()),
      [ruleNames.eipBoundToInterfaceAddress],
    );
  });

  it("AnalyzeStack sends the advisory policy's violations with severity medium", async () => {
    const groups = Array.from({ length: 6 }, (_, i) => `sg-${i}`);
    const response = await analyzeStack([
      { type: awsTypes.networkInterface, name: "eth1", props: { subnetId: "subnet-1", securityGroups: groups } },
    ]);
    const groupCount = response
      .getDiagnosticsList()
      .filter((d) => d.getPolicyname() === ruleNames.eniSecurityGroupCount);
    assert.equal(groupCount.length, 1);
    assert.equal(groupCount[0].getSeverity(), analyzerproto.PolicySeverity.POLICY_SEVERITY_MEDIUM);
    assert.equal(groupCount[0].getEnforcementlevel(), analyzerproto.EnforcementLevel.ADVISORY);
  });
});
