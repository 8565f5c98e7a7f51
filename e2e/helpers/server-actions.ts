// Calling server actions directly, the way an attacker would: capture a real action call's id
// from an authorised session, then replay it with someone else's cookies and forged arguments.
import type { APIRequestContext, Page, Request } from "@playwright/test";

export type CapturedAction = { path: string; actionId: string };

/** Runs `trigger` and returns the first server action request it makes. */
export async function captureServerAction(page: Page, trigger: () => Promise<unknown>): Promise<CapturedAction> {
  const request = page.waitForRequest((req: Request) => req.method() === "POST" && Boolean(req.headers()["next-action"]));
  await trigger();
  const captured = await request;
  return { path: new URL(captured.url()).pathname, actionId: captured.headers()["next-action"] };
}

/** Posts a server action call with the given arguments; returns the raw RSC response text. */
export async function callServerAction(request: APIRequestContext, action: CapturedAction, ...args: unknown[]) {
  const response = await request.post(action.path, {
    headers: { "Next-Action": action.actionId, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
    data: JSON.stringify(args),
  });
  return { status: response.status(), body: await response.text() };
}
