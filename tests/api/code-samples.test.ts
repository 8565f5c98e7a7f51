// The docs' curl, Node.js and Ruby samples (lib/api/code-samples.ts) for every endpoint: valid
// shell and JavaScript, both headers, and the example body. (e2e/docs.spec.ts runs the copied
// curl and Node.js samples against the app; no Ruby interpreter is installed here, so the Ruby
// sample is checked for its request class, headers and body only.) The paging and retrying
// sample runs against a server of ours that answers 429 and 503 before its pages.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import vm from "node:vm";

import { describe, expect, it } from "vitest";

import { codeSamples, exampleRequest, pagingSample } from "@/lib/api/code-samples";
import { NAMED_ENDPOINTS } from "@/lib/api/endpoints";
import { EXAMPLES } from "@/lib/api/examples";

const run = promisify(execFile);
const BASE = "https://api.herohealth.net/v1";

describe("code samples", () => {
  it.each(NAMED_ENDPOINTS)("%s: curl, Node.js and Ruby name the method, the URL, both headers and the body", async (name, endpoint) => {
    const { curl, node, ruby } = codeSamples(BASE, exampleRequest(name));
    const url = `${BASE}${endpoint.path.replace("{id}", EXAMPLES[name].id ?? "")}`;

    await run("bash", ["-n", "-c", curl]);
    expect(curl).toContain(`curl -X ${endpoint.method} "${url}`);
    expect(curl).toContain('-H "x-api-key: YOUR_API_KEY"');
    expect(curl).toContain('-H "x-practice-group-id: YOUR_PRACTICE_GROUP_ID"');

    expect(() => new vm.Script(`(async () => {\n${node}\n})`)).not.toThrow();
    expect(node).toContain(`fetch('${url}`);
    expect(node).toContain(`method: '${endpoint.method}'`);
    expect(node).toContain("'x-api-key': process.env.HERO_API_KEY");

    expect(ruby).toContain(`Net::HTTP::${endpoint.method[0]}${endpoint.method.slice(1).toLowerCase()}.new(uri)`);
    expect(ruby).toContain("request['x-practice-group-id'] = ENV['HERO_PRACTICE_GROUP_ID']");
    expect(ruby).toContain("http.use_ssl = true");

    // The POSTs that create send an Idempotency-Key made once, before the call, to be sent again on a retry.
    if ("idempotent" in endpoint) {
      expect(curl).toMatch(/^IDEMPOTENCY_KEY=\$\(openssl rand -hex 16\)  # keep it to retry this request\ncurl /);
      expect(curl).toContain('-H "Idempotency-Key: $IDEMPOTENCY_KEY"');
      expect(node).toMatch(/^const idempotencyKey = crypto\.randomUUID\(\);.*\n[^]*'Idempotency-Key': idempotencyKey,/);
      expect(ruby).toContain("idempotency_key = SecureRandom.uuid");
      expect(ruby).toContain("request['Idempotency-Key'] = idempotency_key");
    } else {
      for (const sample of [curl, node, ruby]) expect(sample).not.toMatch(/idempotency/i);
    }

    const body = EXAMPLES[name].body;
    if (body) {
      expect(JSON.parse(curl.slice(curl.indexOf("-d '") + 4, curl.lastIndexOf("'")))).toEqual(body);
      const literal = node.slice(node.indexOf("JSON.stringify(") + "JSON.stringify(".length, node.lastIndexOf("),"));
      expect(vm.runInNewContext(`(${literal})`)).toEqual(body);
      for (const [field, value] of Object.entries(body)) expect(ruby).toContain(`${field}: ${JSON.stringify(value)}`);
    } else {
      expect(curl).not.toContain("-d '");
      expect(node).not.toContain("body:");
    }
  });

  it("sends an access token or a user key's username instead when asked", () => {
    const token = codeSamples(BASE, exampleRequest("listSlots", "token"));
    expect(token.curl).toContain('-H "Authorization: Bearer YOUR_ACCESS_TOKEN"');
    expect(token.curl).not.toContain("x-api-key");
    expect(token.ruby).toContain(`request['Authorization'] = "Bearer #{ENV['HERO_ACCESS_TOKEN']}"`);
    const user = codeSamples(BASE, exampleRequest("listAppointments", "userKey"));
    expect(user.node).toContain("'x-username': process.env.HERO_USERNAME");
  });

  it("keeps query timestamps readable and leaves use_ssl out for a plain-HTTP deployment", () => {
    const { curl, ruby } = codeSamples("http://localhost:3000/api/v1", exampleRequest("listSlots"));
    expect(curl).toContain('"http://localhost:3000/api/v1/slots?from=2027-01-12T00:00:00Z&to=2027-01-13T00:00:00Z"');
    expect(ruby).not.toContain("use_ssl");
  });
});

/** An answer, or `drop`: the connection closed with no answer (a restart, a lost network). Headers are made when it is sent. */
type Answer = { status: number; body: unknown; headers?: () => Record<string, string> } | "drop";

/** Runs the docs' paging-and-retrying sample against a server of ours answering `answers` in turn. */
async function runPagingSample(answers: Answer[]) {
  const seen: { url: string; headers: IncomingMessage["headers"]; at: number }[] = [];
  const server = createServer((request, response) => {
    seen.push({ url: request.url!, headers: request.headers, at: Date.now() });
    const answer = answers[seen.length - 1] ?? { status: 500, body: { error: "internal_error", message: "No more answers" } };
    if (answer === "drop") return request.socket.destroy();
    const json = typeof answer.body !== "string";
    response
      .writeHead(answer.status, { "Content-Type": json ? "application/json" : "text/html", ...answer.headers?.() })
      .end(json ? JSON.stringify(answer.body) : answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const dir = mkdtempSync(path.join(tmpdir(), "hero-paging-sample-"));
  try {
    const file = path.join(dir, "sample.mjs");
    writeFileSync(file, `${pagingSample(`http://127.0.0.1:${port}/v1`)}\nconsole.log(JSON.stringify(slots));\n`);
    const env = { ...process.env, HERO_API_KEY: "hero_test_sample", HERO_PRACTICE_GROUP_ID: "group-1" };
    const outcome: { slots?: unknown; stderr?: string } = await run(process.execPath, [file], { env }).then(
      ({ stdout }) => ({ slots: JSON.parse(stdout) }),
      (error: { stderr: string }) => ({ stderr: error.stderr }),
    );
    return { ...outcome, seen };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    server.close();
  }
}

describe("the paging and retrying sample", () => {
  it("waits out a 429 and a 503 for their Retry-After, then reads every page with the first page's query", async () => {
    const { slots, seen } = await runPagingSample([
      { status: 429, body: { error: "rate_limit_exceeded", message: "Rate limit exceeded" }, headers: () => ({ "Retry-After": "1" }) },
      { status: 503, body: { error: "service_unavailable", message: "Try again" }, headers: () => ({ "Retry-After": "1" }) },
      { status: 200, body: { data: [{ id: "a" }, { id: "b" }], next_cursor: "next+1" } },
      { status: 200, body: { data: [{ id: "c" }], next_cursor: null } },
    ]);

    expect(slots).toEqual([{ id: "a" }, { id: "b" }, { id: "c" }]);
    expect(seen).toHaveLength(4);
    const queries = seen.map(({ url }) => new URL(url, "http://x"));
    for (const query of queries) {
      expect(query.pathname).toBe("/v1/slots");
      expect(query.searchParams.get("from")).toBe(EXAMPLES.listSlots.query!.from);
      expect(query.searchParams.get("limit")).toBe("100");
    }
    expect(queries.slice(0, 3).map((query) => query.searchParams.get("cursor"))).toEqual([null, null, null]);
    expect(queries[3].searchParams.get("cursor")).toBe("next+1");
    expect(seen[0].headers).toMatchObject({ "x-api-key": "hero_test_sample", "x-practice-group-id": "group-1" });
    // Retry-After 1, then the backoff's 2 seconds (the larger of the two), each plus up to a second of jitter.
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(990);
    expect(seen[2].at - seen[1].at).toBeGreaterThanOrEqual(1990);
  });

  it("waits out a Retry-After given as a date, a proxy's 502 and a dropped connection too", async () => {
    const { slots, seen } = await runPagingSample([
      // A proxy may send a date: about 3.x seconds ahead (a date has whole seconds), where the first backoff is 1 second.
      { status: 429, body: "<html>Too Many Requests</html>", headers: () => ({ "Retry-After": new Date(Date.now() + 4_000).toUTCString() }) },
      { status: 502, body: "<html>Bad Gateway</html>" },
      "drop",
      { status: 200, body: { data: [{ id: "a" }], next_cursor: null } },
    ]);

    expect(slots).toEqual([{ id: "a" }]);
    expect(seen).toHaveLength(4);
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(2_990);
    // Then the backoff's 2 and 4 seconds.
    expect(seen[2].at - seen[1].at).toBeGreaterThanOrEqual(1_990);
    expect(seen[3].at - seen[2].at).toBeGreaterThanOrEqual(3_990);
  });

  it("stops at any other error, naming its code and message", async () => {
    const { stderr, seen } = await runPagingSample([{ status: 400, body: { error: "invalid_request", message: "from: Must be before to" } }]);
    expect(stderr).toContain("Error: 400 invalid_request: from: Must be before to");
    expect(seen).toHaveLength(1);
  });
});
