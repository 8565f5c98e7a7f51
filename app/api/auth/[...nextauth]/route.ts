import NextAuth from "next-auth";
import type { NextRequest } from "next/server";

import { authOptions } from "@/lib/auth";
import { clearSessionCookie, getCurrentUser } from "@/lib/session";

const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth's own session action (GET /api/auth/session, and POST, its update) answers for any
// cookie it can decrypt, and issues it again for 8 more hours: a copy of a session the app has
// ended (signed out, deactivated, past its 12 hours) would keep its user's details and outlive
// its end. The app's check comes first. next-auth picks the action by the path's first segment.
async function route(request: NextRequest, context: Context) {
  const [action] = (await context.params).nextauth;
  if (action === "session" && !(await getCurrentUser())) {
    await clearSessionCookie();
    return Response.json({}, { headers: { "Cache-Control": "private, no-cache, no-store" } });
  }
  return handler(request, context);
}

export { route as GET, route as POST };
