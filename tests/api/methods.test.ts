// What is answered before routing: the middleware's table of methods, derived from the endpoint
// registry, and absolute-form targets become origin-form.
import { describe, expect, it } from "vitest";

import { methodRefusal } from "@/lib/api/methods";
import { originForm } from "@/lib/http-server-guard";

describe("methods answered before routing", () => {
  it("refuses with 405 and Allow on an endpoint, 404 on a path that names none", () => {
    expect(methodRefusal("/api/v1/appointments/not-a-uuid")).toMatchObject({ code: "method_not_allowed", headers: { Allow: "GET, HEAD, DELETE" } });
    expect(methodRefusal("/api/v1/openapi.json")).toMatchObject({ code: "method_not_allowed", headers: { Allow: "GET, HEAD" } });
    expect(methodRefusal("/api/v1/patients").code).toBe("not_found");
    expect(methodRefusal("/api/v1/messages/a/b").code).toBe("not_found");
  });

  it("rewrites absolute-form targets to origin-form", () => {
    expect(originForm("http://evil.example/api/v1/slots?limit=1")).toBe("/api/v1/slots?limit=1");
    expect(originForm("http://127.0.0.1:3000")).toBe("/");
    expect(originForm("/api/v1/slots")).toBe("/api/v1/slots");
    expect(originForm("*")).toBe("*");
  });
});
