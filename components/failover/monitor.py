#!/usr/bin/env python3
"""dual-homed-server failover monitor, run on the standby by systemd.

Checks the primary over HTTP on its eth0 private address. Once it fails `unhealthyThreshold`
checks in a row (after it answered once), moves every secondary interface to this standby through
the EC2 API: force-detach from the primary, wait until detached, attach at the same device index
and network card. It never moves them back. Python 3 standard library only: requests are signed
with Signature Version 4 here, with credentials from IMDSv2 or the environment.

Usage: monitor.py CONFIG.json
"""
import datetime
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy


def log(message):
    now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")
    print(now + " " + message, flush=True)


class ApiError(Exception):
    pass


def sigv4_headers(url, body, region, creds, now):
    """Headers of a signed EC2 Query API POST (Signature Version 4)."""
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
    scope = day + "/" + region + "/ec2/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + creds["secret"]).encode()
    for part in (day, region, "ec2", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = ("AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s"
                                % (creds["key"], scope, ";".join(names), signature))
    return headers


def local(tag):
    return tag.rsplit("}", 1)[-1]


def child(node, name):
    for c in node:
        if local(c.tag) == name:
            return c
    return None


def text(node, name, default=None):
    c = child(node, name) if node is not None else None
    return c.text if c is not None and c.text is not None else default


class Ec2:
    """The three EC2 Query API actions the monitor needs."""

    def __init__(self, config):
        self.config = config
        self.imds = config.get("imdsEndpoint", "http://169.254.169.254")
        self.creds = None
        self.region = config.get("region") or self.metadata("placement/region")
        domain = self.metadata("services/domain") if not config.get("endpoint") else ""
        self.endpoint = config.get("endpoint") or "https://ec2.%s.%s/" % (self.region, domain or "amazonaws.com")

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

    def call(self, action, params):
        body = urllib.parse.urlencode(dict(params, Action=action, Version="2016-11-15")).encode()
        now = datetime.datetime.now(datetime.timezone.utc)
        headers = sigv4_headers(self.endpoint, body, self.region, self.credentials(), now)
        request = urllib.request.Request(self.endpoint, data=body, headers=headers, method="POST")
        try:
            with OPENER.open(request, timeout=10) as response:
                return ET.fromstring(response.read())
        except urllib.error.HTTPError as err:
            try:
                error = next(e for e in ET.fromstring(err.read()).iter() if local(e.tag) == "Error")
                detail = "%s: %s" % (text(error, "Code"), text(error, "Message"))
            except (ET.ParseError, StopIteration):
                detail = "HTTP %s" % err.code
            raise ApiError("%s refused: %s" % (action, detail))
        except (OSError, ET.ParseError) as err:
            raise ApiError("%s: cannot reach %s: %s" % (action, self.endpoint, getattr(err, "reason", err)))

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

    def detach(self, attachment_id):
        self.call("DetachNetworkInterface", {"AttachmentId": attachment_id, "Force": "true"})

    def attach(self, eni, instance, device_index, card):
        params = {"NetworkInterfaceId": eni, "InstanceId": instance, "DeviceIndex": str(device_index)}
        if card:
            params["NetworkCardIndex"] = str(card)
        return text(self.call("AttachNetworkInterface", params), "attachmentId")


def check_health(url, timeout):
    try:
        with OPENER.open(url, timeout=timeout) as response:
            return True, "HTTP %d" % response.status
    except urllib.error.HTTPError as err:
        return False, "HTTP %d" % err.code
    except (OSError, ValueError) as err:
        return False, str(getattr(err, "reason", err))


class Monitor:
    def __init__(self, config):
        self.config = config
        self.interval = float(config.get("intervalSeconds", 5))
        self.threshold = int(config.get("unhealthyThreshold", 3))
        self.timeout = float(config.get("timeoutSeconds", 2))
        self.poll = float(config.get("pollSeconds", 0.2))
        self.move_timeout = float(config.get("moveTimeoutSeconds", 120))
        self.rearm_check = float(config.get("rearmCheckSeconds", 30))
        self.interfaces = config["interfaces"]
        state_dir = os.environ.get("STATE_DIRECTORY", "/var/lib/dual-homed-server-failover").split(":")[0]
        self.state_file = config.get("stateFile") or os.path.join(state_dir, "state.json")
        self.state = self.load_state()
        self.ec2 = None
        self.standby = config.get("standbyInstanceId")
        self.failures = 0
        self.armed = False
        self.unarmed_rounds = 0
        self.next_rearm_check = 0.0

    def load_state(self):
        try:
            with open(self.state_file) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def save_state(self, state):
        self.state = state
        with open(self.state_file + ".tmp", "w") as f:
            json.dump(state, f)
        os.replace(self.state_file + ".tmp", self.state_file)

    def api(self):
        if self.ec2 is None:
            self.ec2 = Ec2(self.config)
            self.standby = self.standby or self.ec2.metadata("instance-id")
        return self.ec2

    def holders(self):
        """What EC2 shows of the primary's eth0 and of every secondary interface."""
        found = self.api().describe([self.config["primaryInterfaceId"]] + [s["id"] for s in self.interfaces])
        return found.get(self.config["primaryInterfaceId"], {}).get("instance"), found

    def run(self):
        listed = ", ".join("%s at device %s card %s" % (name(s), s["deviceIndex"], card(s)) for s in self.interfaces)
        log("watching %s every %gs; takeover after %d failed checks in a row; interfaces: %s"
            % (self.config["healthUrl"], self.interval, self.threshold, listed))
        if self.state.get("phase") == "moving":
            log("a takeover started at %s is unfinished; completing it" % self.state.get("since"))
        while True:
            started = time.monotonic()
            self.round()
            time.sleep(max(0.0, self.interval - (time.monotonic() - started)))

    def round(self):
        phase = self.state.get("phase")
        if phase == "moving":
            return self.move()
        healthy, detail = check_health(self.config["healthUrl"], self.timeout)
        if phase == "done":
            return self.rearm_if_failed_back(healthy)
        if healthy:
            if not self.armed:
                log("primary answered (%s); monitoring armed" % detail)
            elif self.failures:
                log("primary answered again (%s) after %d failed check(s); count reset" % (detail, self.failures))
            self.armed, self.failures = True, 0
        elif not self.armed:
            if self.unarmed_rounds % 12 == 0:
                log("primary not answering yet (%s); arming once it answers" % detail)
            self.unarmed_rounds += 1
        else:
            self.failures += 1
            log("primary check failed (%s): %d of %d in a row" % (detail, self.failures, self.threshold))
            if self.failures >= self.threshold:
                self.start_takeover()
        return None

    def start_takeover(self):
        try:
            primary, found = self.holders()
        except ApiError as err:
            log("primary unhealthy but EC2 cannot be reached (%s); nothing moved, retrying in %gs"
                % (err, self.interval))
            return
        held = {s["id"]: found.get(s["id"], {}).get("instance") for s in self.interfaces}
        strangers = [s for s in self.interfaces if held[s["id"]] not in (None, primary, self.standby)]
        if strangers:
            log("not taking over: %s held by an instance that is neither the primary %s nor this standby %s"
                % (", ".join("%s by %s" % (name(s), held[s["id"]]) for s in strangers), primary, self.standby))
            return
        if all(held[s["id"]] == self.standby for s in self.interfaces):
            log("primary unhealthy; every secondary interface is already on this standby %s" % self.standby)
            self.save_state({"phase": "done", "since": now_iso()})
            return
        log("taking over: primary %s failed %d checks in a row; moving %d interface(s) to this standby %s"
            % (primary, self.failures, len(self.interfaces), self.standby))
        self.save_state({"phase": "moving", "since": now_iso(), "primary": primary, "started": time.time()})
        self.move()

    def move(self):
        """One round of the move: detach what the primary holds, attach what is free, until all are here."""
        deadline = time.monotonic() + self.move_timeout
        asked = set()
        try:
            while True:
                found = self.holders()[1]
                acted = len(asked)
                waiting = [self.step(s, found.get(s["id"], {}), asked) for s in self.interfaces]
                waiting = [w for w in waiting if w]
                if not waiting:
                    took = time.time() - self.state.get("started", time.time())
                    log("takeover complete: every secondary interface is on this standby %s, %.2fs after it began"
                        % (self.standby, took))
                    self.save_state({"phase": "done", "since": now_iso()})
                    return
                if time.monotonic() > deadline:
                    log("takeover incomplete after %gs (%s); continuing next round"
                        % (self.move_timeout, "; ".join(waiting)))
                    return
                if len(asked) == acted:  # after a call, look again at once; otherwise wait a poll
                    time.sleep(self.poll)
        except ApiError as err:
            log("takeover interrupted: %s; continuing next round" % err)

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
            self.save_state({})
            self.armed, self.failures = True, 0


def name(spec):
    return "%s (%s)" % (spec.get("name", "interface"), spec["id"])


def card(spec):
    return spec.get("networkCardIndex", 0)


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")


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
