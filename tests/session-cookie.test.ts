// A session slides: each dashboard visit issues the cookie again for 8 more idle hours, as
// next-auth's own routes would (getServerSession cannot set cookies in the App Router), until
// 12 hours after sign-in. The middleware is called as Next calls it, with a real next-auth JWT.
import { randomUUID } from "node:crypto";

import { decode, encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

import { SESSION_COOKIE, SESSION_IDLE_SECONDS } from "@/lib/session-cookie";
import { middleware } from "@/middleware";

const secret = () => process.env.NEXTAUTH_SECRET!;
const now = () => Math.floor(Date.now() / 1000);

async function visit(signedInHoursAgo: number, method = "GET") {
  const token = {
    sid: randomUUID(),
    id: randomUUID(),
    role: "PRACTICE_ADMIN" as const,
    practiceGroupId: randomUUID(),
    signedInAt: now() - signedInHoursAgo * 3600,
  };
  // A cookie issued 7 hours ago: 1 hour of its 8 left.
  const cookie = await encode({ token: { ...token, iat: now() - 7 * 3600 }, secret: secret(), maxAge: 3600 });
  const response = await middleware(new NextRequest("http://localhost/dashboard", { method, headers: { cookie: `${SESSION_COOKIE}=${cookie}` } }));
  const setCookie = response.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`));
  return { response, setCookie, value: setCookie?.split(";")[0].slice(SESSION_COOKIE.length + 1) };
}

describe("the session cookie", () => {
  it("is issued again on a dashboard visit, good for 8 more hours", async () => {
    const { response, setCookie, value } = await visit(7);
    expect(response.headers.get("location")).toBeNull();
    expect(setCookie?.toLowerCase()).toContain(`max-age=${SESSION_IDLE_SECONDS}; httponly; samesite=lax`);
    expect(setCookie).toContain("Path=/");
    const token = await decode({ token: value, secret: secret() });
    expect(token!.exp as number).toBeGreaterThanOrEqual(now() + SESSION_IDLE_SECONDS - 60);
    expect(token).toMatchObject({ role: "PRACTICE_ADMIN" });
  });

  it("is not issued again by a server action (a POST): Sign out's clearing must stand", async () => {
    expect((await visit(7, "POST")).setCookie).toBeUndefined();
  });

  it("is not issued again 12 hours after sign-in: the session is over", async () => {
    const { response, setCookie } = await visit(12.5);
    expect(response.headers.get("location")).toBeNull();
    expect(setCookie).toBeUndefined();
  });
});

// Staging and production set a Secure, __Host- prefixed session cookie (lib/auth.ts): the
// middleware must look for that one, or every signed-in visit goes back to sign-in.
describe.each(["staging", "production"])("in %s", (environment) => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("the middleware finds the session in the Secure cookie", async () => {
    vi.stubEnv("HERO_ENVIRONMENT", environment);
    vi.resetModules();
    const { SESSION_COOKIE: deployedCookie } = await import("@/lib/session-cookie");
    const { middleware: deployedMiddleware } = await import("@/middleware");
    expect(deployedCookie).toBe("__Host-next-auth.session-token");
    // next-auth sets and reads the same one, as a browser takes a __Host- cookie: Secure, path /, no domain.
    const { authOptions } = await import("@/lib/auth");
    expect(authOptions.cookies?.sessionToken).toEqual({ name: deployedCookie, options: { httpOnly: true, sameSite: "lax", path: "/", secure: true } });
    const token = { sid: randomUUID(), id: randomUUID(), role: "PRACTICE_ADMIN" as const, practiceGroupId: randomUUID(), signedInAt: now() };
    const cookie = await encode({ token, secret: secret(), maxAge: 3600 });
    const response = await deployedMiddleware(new NextRequest("https://hero.example/dashboard", { headers: { cookie: `${deployedCookie}=${cookie}` } }));
    expect(response.headers.get("location")).toBeNull();
  });
});
