import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { monitorScript } from "../support/failoverRig";

/**
 * The monitor signs EC2 requests itself (Signature Version 4, standard library only); botocore,
 * which moto brings along, signs the same request as the AWS CLI does. moto does not check
 * signatures, so the two are compared here, with and without a session token.
 */
const compare = `
import datetime, importlib.util, json, sys
import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
spec = importlib.util.spec_from_file_location("monitor", sys.argv[1])
monitor = importlib.util.module_from_spec(spec)
spec.loader.exec_module(monitor)
now = datetime.datetime(2026, 12, 1, 8, 30, 5, tzinfo=datetime.timezone.utc)
botocore.auth.get_current_datetime = lambda *args, **kwargs: now  # both sign at the same instant
body = b"Action=DescribeNetworkInterfaces&Version=2016-11-15&NetworkInterfaceId.1=eni-0123456789abcdef0"
results = []
for token in (None, "session-token/with+signs="):
    for url in ("https://ec2.eu-west-3.amazonaws.com/", "http://127.0.0.1:5000/"):
        ours = monitor.sigv4_headers(url, body, "eu-west-3", {"key": "AKIDEXAMPLE", "secret": "wJalr/K7MDENG", "token": token}, now)
        request = AWSRequest(method="POST", url=url, data=body, headers={"content-type": ours["content-type"]})
        SigV4Auth(Credentials("AKIDEXAMPLE", "wJalr/K7MDENG", token), "ec2", "eu-west-3").add_auth(request)
        results.append([ours["authorization"], request.headers["Authorization"]])
print(json.dumps(results))
`;

describe("the failover monitor's request signing", () => {
  it("gives the Signature Version 4 that botocore gives, with and without a session token", () => {
    const run = spawnSync(process.env.FAILOVER_MONITOR_PYTHON ?? "python3", ["-c", compare, monitorScript], {
      encoding: "utf8",
    });
    assert.equal(run.status, 0, run.stderr);
    const results = JSON.parse(run.stdout) as [string, string][];
    assert.equal(results.length, 4);
    for (const [ours, botocore] of results) assert.equal(ours, botocore);
  });
});
