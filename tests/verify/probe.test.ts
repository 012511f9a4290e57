import * as assert from "node:assert/strict";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from "node:net";
import { probe, type ProbeOptions } from "../../scripts/verify/probe";

// Every server here listens on a 127.0.0.x loopback address; no probe leaves the machine.
function listen(server: HttpServer | TcpServer, host: string, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}
const page = () => createHttpServer((_, res) => res.end("<h1>Testing ENI</h1>"));
const close = (server: HttpServer | TcpServer) => new Promise((r) => server.close(r));
const fast: Omit<ProbeOptions, "expectPage"> = { timeoutMs: 500, retries: 6, backoffMs: 100 };

describe("probing an address over HTTP", function () {
  this.timeout(20_000);

  it("finds the page on an address that answers", async () => {
    const server = page();
    const port = await listen(server, "127.0.0.2");
    try {
      const result = await probe(`http://127.0.0.2:${port}/`, { ...fast, expectPage: true });
      assert.deepEqual([result.outcome, result.attempts], ["page", 1]);
    } finally {
      await close(server);
    }
  });

  it("finds the page on an IPv6 address, written in brackets", async () => {
    const server = page();
    const port = await listen(server, "::1");
    try {
      const result = await probe(`http://[::1]:${port}/`, { ...fast, expectPage: true });
      assert.deepEqual([result.outcome, result.attempts], ["page", 1]);
    } finally {
      await close(server);
    }
  });

  it("reports a refused connection after retrying with backoff, when the page was expected", async () => {
    const lines: string[] = [];
    const started = Date.now();
    const result = await probe("http://127.0.0.3:9/", {
      ...fast,
      retries: 3,
      expectPage: true,
      onProgress: (l) => lines.push(l),
    });
    assert.equal(result.outcome, "refused");
    assert.equal(result.attempts, 4);
    assert.deepEqual(
      lines,
      [1, 2, 3, 4].map((n) => `http://127.0.0.3:9/ try ${n}/4: refused`),
    );
    assert.ok(Date.now() - started >= 100 + 200 + 400, "waits 100, 200 then 400 ms between tries");
  });

  it("decides a blocked address in one try", async () => {
    const result = await probe("http://127.0.0.3:9/", { ...fast, expectPage: false });
    assert.deepEqual([result.outcome, result.attempts], ["refused", 1]);
  });

  it("times out a try on an address that accepts but never answers", async () => {
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => void sockets.push(socket));
    const port = await listen(silent, "127.0.0.5");
    try {
      const started = Date.now();
      const result = await probe(`http://127.0.0.5:${port}/`, { ...fast, timeoutMs: 300, expectPage: false });
      assert.equal(result.outcome, "timeout");
      assert.ok(Date.now() - started < 2_000);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await close(silent);
    }
  });

  it("keeps trying while the server boots and finds the page once it answers", async () => {
    // Take a free port on 127.0.0.4, then let the server start listening on it only after a delay.
    const placeholder = createTcpServer();
    const port = await listen(placeholder, "127.0.0.4");
    await close(placeholder);
    const late = page();
    const timer = setTimeout(() => void listen(late, "127.0.0.4", port), 700);
    try {
      const result = await probe(`http://127.0.0.4:${port}/`, { ...fast, expectPage: true });
      assert.equal(result.outcome, "page");
      assert.ok(result.attempts > 1, `answered on try ${result.attempts}`);
    } finally {
      clearTimeout(timer);
      await close(late).catch(() => undefined);
    }
  });
});
