import * as http from "node:http";

/** What probing one address over HTTP found. */
export type ProbeOutcome = "page" | "refused" | "timeout" | `http ${number}` | `error ${string}`;

export interface ProbeOptions {
  /** Upper bound for one try. */
  timeoutMs: number;
  /** Further tries after the first while the expected page has not appeared (boot time). */
  retries: number;
  /** Wait before the second try; doubles each try, capped at 30 s. */
  backoffMs: number;
  /** Whether the security group lets HTTP in, so the page is expected. */
  expectPage: boolean;
  /** Receives one progress line per try. */
  onProgress?: (line: string) => void;
}

export interface ProbeResult {
  url: string;
  outcome: ProbeOutcome;
  attempts: number;
}

/** A blocked address refuses or drops the connection; anything that answers is not blocked. */
export const isBlocked = (outcome: ProbeOutcome) => outcome === "refused" || outcome === "timeout";

function tryOnce(url: string, timeoutMs: number): Promise<ProbeOutcome> {
  // node:http rather than fetch: fetch refuses some ports outright and hides socket error codes.
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    // One bound for the whole try: connecting, the response and its body.
    const timer = setTimeout(() => settle("timeout"), timeoutMs);
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      res.on("end", () => settle(res.statusCode === 200 ? "page" : `http ${res.statusCode ?? 0}`));
      res.on("error", (err: NodeJS.ErrnoException) => settle(`error ${err.code ?? err.message}`));
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      settle(
        err.code === "ECONNREFUSED"
          ? "refused"
          : err.code === "ETIMEDOUT"
            ? "timeout"
            : `error ${err.code ?? err.message}`,
      );
    });
  });
}

/**
 * Probes `url`. Where the page is expected, tries again with exponential backoff until it
 * appears or the tries run out (the instance may still be booting); where it is not expected,
 * one try decides, since a blocked address stays blocked.
 */
export async function probe(url: string, options: ProbeOptions): Promise<ProbeResult> {
  const tries = options.expectPage ? 1 + options.retries : 1;
  let outcome: ProbeOutcome = "timeout";
  let wait = options.backoffMs;
  for (let attempt = 1; attempt <= tries; attempt++) {
    outcome = await tryOnce(url, options.timeoutMs);
    options.onProgress?.(`${url} try ${attempt}/${tries}: ${outcome}`);
    if (outcome === "page" || !options.expectPage) return { url, outcome, attempts: attempt };
    if (attempt < tries) {
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 30_000);
    }
  }
  return { url, outcome, attempts: tries };
}
