// The docs' curl, Node.js and Ruby samples (lib/api/code-samples.ts) for every endpoint: valid
// shell and JavaScript, both headers, and the example body. (e2e/docs.spec.ts runs the copied
// curl and Node.js samples against the app; no Ruby interpreter is installed here, so the Ruby
// sample is checked for its request class, headers and body only.)
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import vm from "node:vm";

import { describe, expect, it } from "vitest";

import { codeSamples, exampleRequest } from "@/lib/api/code-samples";
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
