import { readFileSync } from "node:fs";
import * as path from "node:path";

/**
 * The monitor (`monitor.py` beside this file) as the standby's user data carries it: gzip, then
 * base64, read from `monitor.py.gz.b64`, which `npm run failover:embed` writes from `monitor.py`
 * (a test fails when the two differ). Committed rather than compressed here, so the user data
 * never changes with the zlib a Node.js release bundles (a new user data replaces the standby);
 * compressed, the monitor takes about 6.6 KB of EC2's 16 KB of user data instead of 16 KB.
 */
export function embeddedMonitor(): string {
  return readFileSync(path.join(__dirname, "monitor.py.gz.b64"), "utf8").trim();
}
