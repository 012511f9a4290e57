/**
 * How the failover monitor on the standby checks the primary: an HTTP GET of `path` on `port` at
 * the primary's eth0 private address every `intervalSeconds`, each check failing after
 * `timeoutSeconds` or on any status outside 200–399. After `unhealthyThreshold` failed checks in a
 * row the standby takes the secondary interfaces over, so the primary is declared failed between
 * (unhealthyThreshold − 1) × intervalSeconds and unhealthyThreshold × intervalSeconds after it
 * stops answering (10–15 s with the defaults). Changing any of them replaces the standby (its user
 * data holds them).
 */
export interface FailoverHealthCheckArgs {
  /** The path requested. Default `"/"` (the page Apache serves). Starts with `/`; printable ASCII, no spaces. */
  path?: string;
  /**
   * The TCP port. Default `80`. The component opens it on the primary's eth0 security group to the
   * standby's eth0 private address alone.
   */
  port?: number;
  /** Seconds between checks. Default `5`; a whole number from 1 to 300. */
  intervalSeconds?: number;
  /**
   * Failed checks in a row that declare the primary failed. Default `3`; from 2 to 10: one failed
   * check never moves anything, and an answer in between starts the count again.
   */
  unhealthyThreshold?: number;
  /** Seconds a check may take. Default `2`; a whole number from 1 to `intervalSeconds`. */
  timeoutSeconds?: number;
}
