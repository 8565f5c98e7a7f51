// The middleware sends a dashboard request without a session to sign-in, and back afterwards.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";

import { middleware } from "../middleware";

const ORIGIN = "http://localhost:3000";

describe("a dashboard request without a session", () => {
  it("is sent to sign-in with its page to come back to", async () => {
    const response = await middleware(new NextRequest(`${ORIGIN}/settings/my-practice?tab=keys`));
    expect(response.headers.get("location")).toBe(`${ORIGIN}/sign-in?callbackUrl=${encodeURIComponent("/settings/my-practice?tab=keys")}`);
  });

  // A 307 had the browser post the form's fields again, to the sign-in page.
  it("posted as a form without scripts is sent there to be visited (303), not posted again", async () => {
    const form = new FormData();
    form.set("$ACTION_ID_7f00", "");
    form.set("address", "1 High Street");
    const response = await middleware(new NextRequest(`${ORIGIN}/settings/my-practice`, { method: "POST", body: form }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/sign-in?callbackUrl=${encodeURIComponent("/settings/my-practice")}`);
  });

  it("as a server action from a page left open, reaches the action, which says the session has ended", async () => {
    const response = await middleware(
      new NextRequest(`${ORIGIN}/settings/my-practice`, { method: "POST", headers: { "Next-Action": "7f00", "Content-Type": "text/plain" }, body: "[]" }),
    );
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });
});
