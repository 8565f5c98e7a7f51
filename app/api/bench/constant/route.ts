import { ApiError, errorResponse } from "@/lib/api/errors";
import { isBenchMode } from "@/lib/env";

// GET /api/bench/constant – a constant answer: no database, no key, no middleware. The floor
// Next.js itself sets on this machine, which `npm run bench` gives every route's throughput
// against. Bench mode only, like the baseline.
export const dynamic = "force-dynamic";

export function GET() {
  if (!isBenchMode()) return errorResponse(new ApiError({ code: "not_found", message: "Not found." }));
  return Response.json({ data: { ok: true } }, { headers: { "Cache-Control": "no-store" } });
}
