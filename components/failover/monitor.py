#!/usr/bin/env python3
"""dual-homed-server failover monitor, run on the standby by systemd.

Checks the primary over HTTP on the addresses clients use (eth0's and each secondary interface's
private address, as the config lists them). When the rule the config names ("all", "any" or
"eth0") declares it failed `unhealthyThreshold` checks in a row, it decides:

1. the standby checks itself first: its own page must answer and the EC2 API must be reachable;
2. a second signal a partition between the two instances cannot fake: EC2's own view of the
   primary (its eth0 attached to no instance, its state not `running`, or a status check
   `impaired`), unless the config says "confirmation": "none";
3. optionally fences the primary (StopInstances, forced) before anything moves;
4. moves every secondary interface here: force-detach from the primary, wait until detached,
   attach at the same device index and network card. It never moves them back.

A takeover, and a takeover refused while the primary fails its checks (a partition suspected),
each publish one message to the SNS topic the config names. What must survive a restart (armed,
the failure count, a move under way, unsent messages) is kept in a state file. Python 3 standard
library only (3.9 and later): requests are signed with Signature Version 4 here, with credentials
from IMDSv2 or the environment.

Usage: monitor.py CONFIG.json
"""
import datetime
import hashlib
import hmac
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A 3xx answer is the primary's own answer: judged by its status, never followed elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect)  # never through a proxy


def log(message):
    print(now_iso() + " " + message, flush=True)


def now_iso(at=None):
    moment = datetime.datetime.fromtimestamp(time.time() if at is None else at, datetime.timezone.utc)
    return moment.isoformat(timespec="milliseconds")


class ApiError(Exception):
    def __init__(self, message, code=None):
        super().__init__(message)
        self.code = code


def sigv4_headers(url, body, region, creds, now, service="ec2"):
    """Headers of a signed AWS Query API POST (Signature Version 4)."""
    parts = urllib.parse.urlsplit(url)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    headers = {
        "content-type": "application/x-www-form-urlencoded; charset=utf-8",
        "host": parts.netloc,
        "x-amz-date": amz_date,
    }
    if creds.get("token"):
        headers["x-amz-security-token"] = creds["token"]
    names = sorted(headers)
    canonical = "\n".join([
        "POST", parts.path or "/", "", "".join(k + ":" + headers[k] + "\n" for k in names),
        ";".join(names), hashlib.sha256(body).hexdigest()])
    scope = day + "/" + region + "/" + service + "/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + creds["secret"]).encode()
    for part in (day, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = ("AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s"
                                % (creds["key"], scope, ";".join(names), signature))
    return headers


def local(tag):
    return tag.rsplit("}", 1)[-1]


def child(node, name):
    for c in node if node is not None else []:
        if local(c.tag) == name:
            return c
    return None


def text(node, name, default=None):
    c = child(node, name) if node is not None else None
    return c.text if c is not None and c.text is not None else default


class Aws:
    """The EC2 and SNS Query API actions the monitor needs."""

    def __init__(self, config):
        self.config = config
        self.imds = config.get("imdsEndpoint", "http://169.254.169.254")
        self.creds = None
        self.region = config.get("region") or self.metadata("placement/region")
        given = config.get("endpoint"), config.get("snsEndpoint")
        domain = self.metadata("services/domain") if not all(given) else ""
        self.endpoints = {
            "ec2": given[0] or "https://ec2.%s.%s/" % (self.region, domain or "amazonaws.com"),
            "sns": given[1] or "https://sns.%s.%s/" % (self.region, domain or "amazonaws.com"),
        }

    def imds_get(self, path, token=None):
        request = urllib.request.Request(self.imds + path, headers={"X-aws-ec2-metadata-token": token} if token else {})
        with OPENER.open(request, timeout=2) as response:
            return response.read().decode()

    def imds_token(self):
        request = urllib.request.Request(self.imds + "/latest/api/token", method="PUT",
                                         headers={"X-aws-ec2-metadata-token-ttl-seconds": "21600"})
        with OPENER.open(request, timeout=2) as response:
            return response.read().decode()

    def metadata(self, path):
        try:
            return self.imds_get("/latest/meta-data/" + path, self.imds_token()).strip()
        except (OSError, ValueError) as err:
            raise ApiError("instance metadata %s unreadable: %s" % (path, err))

    def credentials(self):
        if os.environ.get("AWS_ACCESS_KEY_ID") and os.environ.get("AWS_SECRET_ACCESS_KEY"):
            return {"key": os.environ["AWS_ACCESS_KEY_ID"], "secret": os.environ["AWS_SECRET_ACCESS_KEY"],
                    "token": os.environ.get("AWS_SESSION_TOKEN")}
        if self.creds is None or self.creds["expires"] - time.time() < 300:
            try:
                token = self.imds_token()
                base = "/latest/meta-data/iam/security-credentials/"
                role = self.imds_get(base, token).split()[0]
                found = json.loads(self.imds_get(base + role, token))
            except (OSError, ValueError, IndexError) as err:
                raise ApiError("no credentials from the instance metadata: %s" % err)
            expires = datetime.datetime.strptime(found["Expiration"], "%Y-%m-%dT%H:%M:%SZ")
            self.creds = {"key": found["AccessKeyId"], "secret": found["SecretAccessKey"], "token": found["Token"],
                          "expires": expires.replace(tzinfo=datetime.timezone.utc).timestamp()}
        return self.creds

    def call(self, action, params, service="ec2"):
        version = {"ec2": "2016-11-15", "sns": "2010-03-31"}[service]
        body = urllib.parse.urlencode(dict(params, Action=action, Version=version)).encode()
        endpoint = self.endpoints[service]
        now = datetime.datetime.now(datetime.timezone.utc)
        headers = sigv4_headers(endpoint, body, self.region, self.credentials(), now, service)
        request = urllib.request.Request(endpoint, data=body, headers=headers, method="POST")
        try:
            with OPENER.open(request, timeout=10) as response:
                return ET.fromstring(response.read())
        except urllib.error.HTTPError as err:
            code = None
            try:
                error = next(e for e in ET.fromstring(err.read()).iter() if local(e.tag) == "Error")
                code = text(error, "Code")
                detail = "%s: %s" % (code, text(error, "Message"))
            except (ET.ParseError, StopIteration):
                detail = "HTTP %s" % err.code
            raise ApiError("%s refused: %s" % (action, detail), code)
        except (OSError, ET.ParseError) as err:
            raise ApiError("%s: cannot reach %s: %s" % (action, endpoint, getattr(err, "reason", err)))

    def describe(self, ids):
        """Each interface's status and attachment (instance, id, status) by interface id."""
        params = {"NetworkInterfaceId.%d" % (i + 1): eni for i, eni in enumerate(ids)}
        found = {}
        listed = child(self.call("DescribeNetworkInterfaces", params), "networkInterfaceSet")
        for item in listed if listed is not None else []:
            if text(item, "networkInterfaceId"):
                attachment = child(item, "attachment")
                found[text(item, "networkInterfaceId")] = {
                    "status": text(item, "status"),
                    "instance": text(attachment, "instanceId"),
                    "attachment": text(attachment, "attachmentId"),
                    "attachmentStatus": text(attachment, "status"),
                }
        return found

    def instance_status(self, instance_id):
        """EC2's view of one instance (state, system and instance status checks); None if EC2 knows it not."""
        try:
            answer = self.call("DescribeInstanceStatus", {"InstanceId.1": instance_id, "IncludeAllInstances": "true"})
        except ApiError as err:
            if err.code == "InvalidInstanceID.NotFound":
                return None
            raise
        for item in child(answer, "instanceStatusSet") or []:
            if text(item, "instanceId") == instance_id:
                return {
                    "state": text(child(item, "instanceState"), "name", "unknown"),
                    "system": text(child(item, "systemStatus"), "status", "unknown"),
                    "instance": text(child(item, "instanceStatus"), "status", "unknown"),
                }
        return None

    def stop(self, instance_id):
        """Forced stop (the fence); the state EC2 reports the instance in afterwards."""
        answer = self.call("StopInstances", {"InstanceId.1": instance_id, "Force": "true"})
        for item in child(answer, "instancesSet") or []:
            return text(child(item, "currentState"), "name", "stopping")
        return "stopping"

    def detach(self, attachment_id):
        self.call("DetachNetworkInterface", {"AttachmentId": attachment_id, "Force": "true"})

    def attach(self, eni, instance, device_index, card):
        params = {"NetworkInterfaceId": eni, "InstanceId": instance, "DeviceIndex": str(device_index)}
        if card:
            params["NetworkCardIndex"] = str(card)
        return text(self.call("AttachNetworkInterface", params), "attachmentId")

    def publish(self, topic, subject, message):
        answer = self.call("Publish", {"TopicArn": topic, "Subject": subject, "Message": message}, "sns")
        return text(child(answer, "PublishResult"), "MessageId")


def parse_statuses(spec):
    """ "200-399" or "200,204,300-399" (an Elastic Load Balancing matcher) as inclusive ranges."""
    ranges = []
    for part in str(spec).split(","):
        low, _, high = part.strip().partition("-")
        ranges.append((int(low), int(high or low)))
    return ranges


def check_health(url, timeout, statuses):
    """One HTTP GET: (alive, what was seen). Alive only for a status the config counts as alive."""
    try:
        with OPENER.open(url, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as err:
        status = err.code
    except (OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        return False, "timed out" if "timed out" in str(reason) else str(reason)
    return any(low <= status <= high for low, high in statuses), "HTTP %d" % status


def check_all(checks, timeout, statuses):
    """Every check at once, each within `timeout`: {name: (alive, detail)}. A slow check never delays another."""
    results = {}

    def run(check):
        results[check["name"]] = check_health(check["url"], timeout, statuses)

    threads = [threading.Thread(target=run, args=(c,), daemon=True) for c in checks]
    for t in threads:
        t.start()
    # The round ends at `timeout`, whatever is still pending: a check that answers later failed.
    deadline = time.monotonic() + timeout
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    return {c["name"]: results.get(c["name"], (False, "timed out")) for c in checks}


class Monitor:
    def __init__(self, config):
        self.config = config
        self.interval = float(config.get("intervalSeconds", 5))
        self.threshold = int(config.get("unhealthyThreshold", 3))
        self.timeout = float(config.get("timeoutSeconds", 2))
        self.poll = float(config.get("pollSeconds", 0.2))
        self.move_timeout = float(config.get("moveTimeoutSeconds", 120))
        self.rearm_check = float(config.get("rearmCheckSeconds", 30))
        self.checks = config["checks"]
        self.rule = config.get("unhealthyWhen", "all")
        self.statuses = parse_statuses(config.get("healthyStatusCodes", "200-399"))
        self.confirmation = config.get("confirmation", "ec2-status")
        self.fence = bool(config.get("fence", False))
        self.topic = config.get("topicArn")
        self.self_check = config.get("selfCheckUrl")
        self.server = config.get("serverName", "the server")
        self.interfaces = config["interfaces"]
        state_dir = os.environ.get("STATE_DIRECTORY", "/var/lib/dual-homed-server-failover").split(":")[0]
        self.state_file = config.get("stateFile") or os.path.join(state_dir, "state.json")
        self.state = self.load_state()
        self.aws = None
        self.standby = config.get("standbyInstanceId")
        self.quiet_rounds = 0
        self.degraded_rounds = 0
        self.unsent = False
        self.next_rearm_check = 0.0

    # State kept across restarts.

    def load_state(self):
        try:
            with open(self.state_file) as f:
                state = json.load(f)
        except (OSError, ValueError):
            return {}
        # A count from long ago says nothing of now: it resumes only if its last check is recent.
        window = self.threshold * self.interval + 30
        if state.get("failures") and time.time() - state.get("lastFailureAt", 0) > window:
            state["failures"] = 0
            state.pop("failingSince", None)
        return state

    def save(self, **changes):
        state = dict(self.state)
        for key, value in changes.items():
            if value is None:
                state.pop(key, None)
            else:
                state[key] = value
        if state == self.state:
            return
        self.state = state
        with open(self.state_file + ".tmp", "w") as f:
            json.dump(state, f)
        os.replace(self.state_file + ".tmp", self.state_file)

    def api(self):
        if self.aws is None:
            self.aws = Aws(self.config)
            self.standby = self.standby or self.aws.metadata("instance-id")
        return self.aws

    def holders(self):
        """What EC2 shows of the primary's eth0 and of every secondary interface."""
        found = self.api().describe([self.config["primaryInterfaceId"]] + [s["id"] for s in self.interfaces])
        return found.get(self.config["primaryInterfaceId"], {}).get("instance"), found

    # Notifications: queued in the state file first, so a restart or an unreachable SNS loses none.

    def notify(self, kind, subject, lines):
        if not self.topic:
            return
        message = "\n".join(lines + ["", "Server: %s" % self.server, "Standby: %s" % self.standby,
                                     "Interfaces: %s" % ", ".join(name(s) for s in self.interfaces),
                                     "Sent: %s" % now_iso()])
        outbox = self.state.get("outbox", [])[-19:] + [{"kind": kind, "subject": subject[:100], "message": message}]
        self.save(outbox=outbox)
        self.flush()

    def flush(self):
        outbox = list(self.state.get("outbox", []))
        while outbox:
            item = outbox[0]
            try:
                message_id = self.api().publish(self.topic, item["subject"], item["message"])
            except ApiError as err:
                if not self.unsent:  # said once while SNS stays unreachable
                    log("notification (%s) not sent yet: %s; retrying every round" % (item["kind"], err))
                self.unsent = True
                return
            self.unsent = False
            log("notification (%s) published to %s as %s" % (item["kind"], self.topic, message_id))
            outbox.pop(0)
            self.save(outbox=outbox or None)

    # The rounds.

    def run(self):
        log("checking %s every %gs; failed when %s %d times in a row; confirmation %s; fencing %s; interfaces: %s"
            % (", ".join(c["url"] for c in self.checks), self.interval, rule_text(self.rule), self.threshold,
               self.confirmation, "on" if self.fence else "off", ", ".join(name(s) for s in self.interfaces)))
        if self.state.get("phase") == "moving":
            log("a takeover started at %s is unfinished; completing it" % self.state.get("since"))
        elif self.state.get("failures"):
            log("resuming with %d failed check(s) in a row counted before a restart" % self.state["failures"])
        next_round = time.monotonic()
        while True:
            self.round()
            # A fixed cadence: a slow check or API call shortens the wait instead of adding to it.
            next_round += self.interval
            time.sleep(max(0.0, next_round - time.monotonic()))
            next_round = max(next_round, time.monotonic() - self.interval)

    def round(self):
        if self.state.get("outbox"):
            self.flush()
        phase = self.state.get("phase")
        if phase == "moving":
            return self.move()
        results = check_all(self.checks, self.timeout, self.statuses)
        failed = self.judge(results)
        if phase == "done":
            return self.rearm_if_failed_back(not failed)
        seen = "; ".join("%s %s" % (n, detail) for n, (_, detail) in results.items())
        if not failed:
            self.note_degraded(results)
            if not self.state.get("armed"):
                log("primary answered (%s); monitoring armed" % seen)
            elif self.state.get("failures"):
                log("primary answered again (%s) after %d failed check(s); count reset"
                    % (seen, self.state["failures"]))
            if self.state.get("refused"):
                log("no longer refusing: the primary passes its checks again")
            self.save(armed=True, failures=None, failingSince=None, lastFailureAt=None, refused=None)
            return None
        self.degraded_rounds = 0
        failures = self.state.get("failures", 0) + 1
        self.save(failures=failures, failingSince=self.state.get("failingSince", time.time()),
                  lastFailureAt=time.time())
        armed = self.state.get("armed")
        if armed and failures <= self.threshold:
            log("primary check failed (%s): %d of %d in a row" % (seen, failures, self.threshold))
        # Unarmed (a first boot still installing its web server), only EC2's view can declare it failed.
        if failures >= self.threshold and (armed or self.confirmation == "ec2-status"):
            return self.decide(seen)
        if not armed:
            self.waiting_to_arm(seen)
        return None

    def judge(self, results):
        """Whether the checks declare the primary failed, by the configured rule."""
        if self.rule == "eth0":
            return not results[self.checks[0]["name"]][0]
        alive = [ok for ok, _ in results.values()]
        return not any(alive) if self.rule == "all" else not all(alive)

    def note_degraded(self, results):
        """Some checked addresses fail while the rule does not declare the primary failed: said once."""
        down = sorted(n for n, (ok, _) in results.items() if not ok)
        if not down:
            self.degraded_rounds = 0
            return
        self.degraded_rounds += 1
        if self.degraded_rounds == self.threshold:
            detail = "; ".join("%s %s" % (n, results[n][1]) for n in down)
            log("degraded: %s failing while the rest answers; not a failure when %s" % (detail, rule_text(self.rule)))
            self.notify("degraded", "%s: %s not answering" % (self.server, ", ".join(down)),
                        ["Not answering: %s. Nothing moved: the primary fails when %s." % (detail, rule_text(self.rule))])

    def waiting_to_arm(self, seen):
        if self.quiet_rounds % 12 == 0:
            log("primary not answering yet (%s); arming once it answers" % seen)
        self.quiet_rounds += 1

    def decide(self, seen):
        """The checks say failed: take over only if the standby is fit and EC2 agrees (or no confirmation)."""
        if self.self_check:
            ok, detail = check_health(self.self_check, self.timeout, self.statuses)
            if not ok:
                return self.refuse("standby-unfit", seen, "this standby's own page at %s does not answer (%s)"
                                   % (self.self_check, detail))
        try:
            primary, found = self.holders()
        except ApiError as err:
            return self.refuse("ec2-unreachable", seen, "EC2 cannot be reached (%s)" % err)
        if primary:
            self.save(primary=primary)
        suspect = primary or self.state.get("primary")
        view = None
        if self.confirmation == "ec2-status":
            try:
                agrees, why, view = self.ec2_view(primary, suspect)
            except ApiError as err:
                return self.refuse("ec2-unreachable", seen, "EC2 cannot be reached (%s)" % err)
            if not agrees:
                if not self.state.get("armed"):
                    return self.waiting_to_arm("%s; %s" % (seen, why))
                return self.refuse("partition", seen, "%s: a partition is suspected, or its web server is down" % why)
        else:
            why = "checks alone (no confirmation configured)"
        held = {s["id"]: found.get(s["id"], {}).get("instance") for s in self.interfaces}
        strangers = [s for s in self.interfaces if held[s["id"]] not in (None, suspect, self.standby)]
        if strangers:
            return self.refuse("stranger", seen, "%s held by neither the primary %s nor this standby" % (
                ", ".join("%s by %s" % (name(s), held[s["id"]]) for s in strangers), suspect))
        if all(held[s["id"]] == self.standby for s in self.interfaces):
            log("primary unhealthy; every secondary interface is already on this standby %s" % self.standby)
            self.save(phase="done", since=now_iso(), refused=None)
            return None
        log("taking over: primary %s failed %d checks in a row and %s; moving %d interface(s) to this standby %s"
            % (suspect, self.state.get("failures", 0), why, len(self.interfaces), self.standby))
        self.save(phase="moving", since=now_iso(), primary=suspect, started=time.time(), reason=why,
                  suspectState=(view or {}).get("state"), refused=None)
        self.move()
        return None

    def ec2_view(self, primary, suspect):
        """(EC2 agrees the primary is gone or impaired, why, its status)."""
        if not primary:
            return True, "its eth0 %s is attached to no instance" % self.config["primaryInterfaceId"], {
                "state": "terminated"}
        status = self.api().instance_status(suspect)
        if status is None:
            return True, "EC2 does not know the instance %s" % suspect, {"state": "terminated"}
        if status["state"] != "running":
            return True, "EC2 reports it %s" % status["state"], status
        impaired = [k for k in ("system", "instance") if status[k] == "impaired"]
        if impaired:
            return True, "EC2 reports its %s status check impaired" % " and ".join(impaired), status
        return False, "EC2 reports it running, status checks system %s, instance %s" % (
            status["system"], status["instance"]), status

    def refuse(self, kind, seen, why):
        """Not taking over: logged (every 12th round while it lasts) and published once per kind."""
        if self.state.get("refused") != kind:
            self.quiet_rounds = 0
            self.save(refused=kind)
            since = self.state.get("failingSince")
            self.notify("refused: " + kind, "%s: takeover refused (%s)" % (self.server, kind.replace("-", " ")), [
                "Not taken over: %s." % why,
                "Checks: %s" % seen,
                "Primary: %s" % (self.state.get("primary") or "unknown"),
                "Failing since: %s" % (now_iso(since) if since else "unknown"),
            ])
        if self.quiet_rounds % 12 == 0:
            log("not taking over: %s" % why)
        self.quiet_rounds += 1

    def fence_primary(self):
        """Stops the primary (forced) before the first detach; once, across restarts."""
        primary = self.state.get("primary")
        if self.state.get("fenced") or not primary:
            return
        if self.state.get("suspectState") in ("stopped", "terminated", "shutting-down"):
            log("fencing: the primary %s is %s already; no stop needed" % (primary, self.state["suspectState"]))
        else:
            log("fencing: stopping the primary %s (forced) before moving anything" % primary)
            try:
                found = self.api().stop(primary)
            except ApiError as err:
                if err.code not in ("IncorrectInstanceState", "InvalidInstanceID.NotFound"):
                    raise
                found = "not running (%s)" % err.code
            log("fenced: the primary %s is %s" % (primary, found))
        self.save(fenced=time.time())

    def move(self):
        """One round of the move: detach what the primary holds, attach what is free, until all are here."""
        deadline = time.monotonic() + self.move_timeout
        asked = set()
        try:
            if self.fence:
                self.fence_primary()
            while True:
                found = self.holders()[1]
                acted = len(asked)
                waiting = [self.step(s, found.get(s["id"], {}), asked) for s in self.interfaces]
                waiting = [w for w in waiting if w]
                if not waiting:
                    return self.complete()
                if time.monotonic() > deadline:
                    log("takeover incomplete after %gs (%s); continuing next round"
                        % (self.move_timeout, "; ".join(waiting)))
                    return None
                if len(asked) == acted:  # after a call, look again at once; otherwise wait a poll
                    time.sleep(self.poll)
        except ApiError as err:
            log("takeover interrupted: %s; continuing next round" % err)
        return None

    def complete(self):
        state = self.state
        done = time.time()
        took = done - state.get("started", done)
        log("takeover complete: every secondary interface is on this standby %s, %.2fs after it began"
            % (self.standby, took))
        since = state.get("failingSince")
        timings = ["First failed check: %s" % (now_iso(since) if since else "unknown"),
                   "Takeover decided: %s" % now_iso(state.get("started", done))]
        if state.get("fenced"):
            timings.append("Primary fenced (stopped): %s" % now_iso(state["fenced"]))
        timings.append("Every interface attached here: %s (%.2f s after the decision%s)"
                       % (now_iso(done), took, ", %.2f s after the first failed check" % (done - since)
                          if since else ""))
        self.save(phase="done", since=now_iso(), failures=None, lastFailureAt=None)
        self.notify("takeover", "%s: standby %s took over from %s" % (self.server, self.standby, state.get("primary")),
                    ["Every secondary interface moved here from %s: %s." % (state.get("primary"), state.get("reason")),
                     *timings, "Record it: npm run takeover -- --stack <stack>"])
        return None

    def step(self, spec, eni, asked):
        """Moves one interface on; returns what it waits for, or None once it is attached here."""
        if eni.get("instance") == self.standby and eni.get("attachmentStatus") == "attached":
            return None
        key = (spec["id"], eni.get("attachment"), eni.get("status"))
        primary = self.state.get("primary")
        if key not in asked and primary and eni.get("instance") == primary \
                and eni.get("attachmentStatus") in ("attached", "attaching"):
            log("force-detaching %s from the primary %s (%s)" % (name(spec), primary, eni["attachment"]))
            self.api().detach(eni["attachment"])
            asked.add(key)
        elif key not in asked and eni.get("status") == "available":
            log("attaching %s to this standby at device %s card %s" % (name(spec), spec["deviceIndex"], card(spec)))
            attachment = self.api().attach(spec["id"], self.standby, spec["deviceIndex"], card(spec))
            log("attached %s as %s" % (name(spec), attachment))
            asked.add(key)
        return "%s %s" % (name(spec), eni.get("attachmentStatus") or eni.get("status") or "not found")

    def rearm_if_failed_back(self, healthy):
        """After a takeover, arm again once the interfaces are back on a healthy primary (a failback)."""
        if not healthy or time.monotonic() < self.next_rearm_check:
            return
        self.next_rearm_check = time.monotonic() + self.rearm_check
        try:
            primary, found = self.holders()
        except ApiError:
            return
        if primary and all(found.get(s["id"], {}).get("instance") == primary for s in self.interfaces):
            log("every secondary interface is back on the primary %s, which answers; monitoring armed again" % primary)
            outbox = self.state.get("outbox")
            self.state = {}
            self.save(armed=True, primary=primary, outbox=outbox)


def rule_text(rule):
    return {"all": "every checked address fails", "any": "any checked address fails",
            "eth0": "its eth0 address fails"}.get(rule, rule)


def name(spec):
    return "%s (%s)" % (spec.get("name", "interface"), spec["id"])


def card(spec):
    return spec.get("networkCardIndex", 0)


def main(argv):
    if len(argv) != 1:
        print("usage: monitor.py CONFIG.json", file=sys.stderr)
        return 2
    with open(argv[0]) as f:
        config = json.load(f)
    try:
        Monitor(config).run()
    except KeyboardInterrupt:
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
