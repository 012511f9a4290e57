import { readFileSync } from "node:fs";
import * as path from "node:path";

/**
 * The monitor (`monitor.py` beside this file) as the standby's user data carries it: without its
 * docstrings and comments, gzip, then Base85, read from `monitor.py.gz.b85`, which
 * `npm run failover:embed` writes from `monitor.py` (a test fails when the two differ). Committed
 * rather than compressed here, so the user data never changes with the zlib a Node.js release
 * bundles (a new user data replaces the standby); packed, the monitor takes about 9 KB of EC2's
 * 16 KB of user data instead of 31 KB.
 */
export function embeddedMonitor(): string {
  return readFileSync(path.join(__dirname, "monitor.py.gz.b85"), "utf8").trim();
}
