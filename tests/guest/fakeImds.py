"""TEST DOUBLE: EC2's instance metadata service (IMDSv2), as the routing hook reads it.

Run by tests/guest/netnsRig.ts in the router's namespace, which stands for the VPC, on
169.254.169.254:80 (an address of that namespace's loopback): the instance reaches it through
eth0, as an instance reaches EC2's link-local metadata address. A token comes from PUT /latest/api/token with a TTL header;
every read needs it, as IMDSv2 requires. It serves each interface's
/latest/meta-data/network/interfaces/macs/<mac>/<key> from a JSON file (mac -> key -> lines),
read again on every request, so the test publishes an interface when it attaches it, as EC2 does;
an unknown MAC or key is 404, as IMDS answers before it lists a just-attached interface.
"""
import http.server
import json
import sys

TOKEN = "fake-imds-token"
PREFIX = "/latest/meta-data/network/interfaces/macs/"


class Handler(http.server.BaseHTTPRequestHandler):
    def do_PUT(self):
        if self.path == "/latest/api/token" and self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
            return self.reply(200, TOKEN)
        return self.reply(400, "")

    def do_GET(self):
        if self.headers.get("X-aws-ec2-metadata-token") != TOKEN:
            return self.reply(401, "")
        if self.path.startswith(PREFIX):
            mac, _, key = self.path[len(PREFIX):].partition("/")
            with open(sys.argv[1], encoding="utf-8") as file:
                value = json.load(file).get(mac, {}).get(key)
            if value:
                return self.reply(200, "\n".join(value))
        return self.reply(404, "")

    def reply(self, code, body):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("169.254.169.254", 80), Handler).serve_forever()
