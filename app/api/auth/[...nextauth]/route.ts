import NextAuth from "next-auth";
import type { NextRequest } from "next/server";

import { authOptions } from "@/lib/auth";
import { clearSessionCookie, getCurrentUser } from "@/lib/session";

const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth's own GET /api/auth/session answers for any cookie it can decrypt, and issues it
// again for 8 more hours: a copy of a session the app has ended (signed out, deactivated, past
// its 12 hours) would keep its user's details and outlive its end. The app's check comes first.
async function GET(request: NextRequest, context: Context) {
  if (request.nextUrl.pathname === "/api/auth/session" && !(await getCurrentUser())) {
    await clearSessionCookie();
    return Response.json({}, { headers: { "Cache-Control": "private, no-cache, no-store" } });
  }
  return handler(request, context);
}

export { GET, handler as POST };
