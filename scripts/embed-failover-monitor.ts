// Writes components/failover/monitor.py.gz.b85, the failover monitor as the standby's user data
// carries it (without docstrings and comments, gzip level 9, then Base85), from
// components/failover/monitor.py.
//   npm run failover:embed [-- --check]
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseCommandLine } from "./commandLine";
import { carriedMonitor, embedMonitor, sameProgram } from "./failover/compactMonitor";

const usage = `usage: npm run failover:embed -- [--check]

Compresses components/failover/monitor.py, without its docstrings and comments (python3 3.9 or
later parses it), into components/failover/monitor.py.gz.b85, the form the standby's user data
carries. Run it after every change to the monitor; the file is committed so
that the user data (and so the standby) stays the same whatever zlib a Node.js release bundles.

  --check   write nothing; fail when the committed file does not hold monitor.py's program
  --help    this text

Exit codes: 0 written (or up to date with --check), 1 out of date (with --check), 2 bad arguments.`;

const dir = path.join(__dirname, "..", "components", "failover");
const source = path.join(dir, "monitor.py");
const embedded = path.join(dir, "monitor.py.gz.b85");

const values = parseCommandLine(usage, { check: { type: "boolean", default: false } });
const monitor = readFileSync(source, "utf8");
if (values.check) {
  let held: string | undefined;
  try {
    held = carriedMonitor(readFileSync(embedded, "utf8"));
  } catch {
    held = undefined;
  }
  if (held === undefined || !sameProgram(held, monitor)) {
    console.error(
      `failover:embed: ${path.relative(process.cwd(), embedded)} does not hold monitor.py; run npm run failover:embed`,
    );
    process.exit(1);
  }
  console.log("failover:embed: up to date");
} else {
  writeFileSync(embedded, embedMonitor(monitor));
  console.log(`failover:embed: wrote ${path.relative(process.cwd(), embedded)}`);
}
