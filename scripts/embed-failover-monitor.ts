// Writes components/failover/monitor.py.gz.b64, the failover monitor as the standby's user data
// carries it (gzip level 9, then base64), from components/failover/monitor.py.
//   npm run failover:embed [-- --check]
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { parseCommandLine } from "./commandLine";

const usage = `usage: npm run failover:embed -- [--check]

Compresses components/failover/monitor.py into components/failover/monitor.py.gz.b64, the form the
standby's user data carries. Run it after every change to the monitor; the file is committed so
that the user data (and so the standby) stays the same whatever zlib a Node.js release bundles.

  --check   write nothing; fail when the committed file does not hold monitor.py
  --help    this text

Exit codes: 0 written (or up to date with --check), 1 out of date (with --check), 2 bad arguments.`;

const dir = path.join(__dirname, "..", "components", "failover");
const source = path.join(dir, "monitor.py");
const embedded = path.join(dir, "monitor.py.gz.b64");

const values = parseCommandLine(usage, { check: { type: "boolean", default: false } });
const monitor = readFileSync(source);
if (values.check) {
  let held: Buffer | undefined;
  try {
    held = gunzipSync(Buffer.from(readFileSync(embedded, "utf8").trim(), "base64"));
  } catch {
    held = undefined;
  }
  if (!held?.equals(monitor)) {
    console.error(
      `failover:embed: ${path.relative(process.cwd(), embedded)} does not hold monitor.py; run npm run failover:embed`,
    );
    process.exit(1);
  }
  console.log("failover:embed: up to date");
} else {
  writeFileSync(embedded, gzipSync(monitor, { level: 9 }).toString("base64") + "\n");
  console.log(`failover:embed: wrote ${path.relative(process.cwd(), embedded)}`);
}
