import { ApiError, errorResponse } from "@/lib/api/errors";
import { REQUEST_HEADERS } from "@/lib/api/headers";
import { getPracticeGroupsDto } from "@/lib/api/practice-groups";
import { toErrorResponse } from "@/lib/api/with-api-key";
import { isBenchMode } from "@/lib/env";

// GET /api/bench/practice-groups – the body of GET /api/v1/practice-groups without the API key,
// the practice group check or the rate limit: the baseline `npm run bench` compares it with.
// It exists only in bench mode (HERO_BENCH=1 when the server starts); it is outside the
// middleware's matcher, so it pays for no authentication and no limiter. Never in production,
// whatever HERO_BENCH says: it serves practice data without a key.
export async function GET(request: Request) {
  if (!isBenchMode()) return errorResponse(new ApiError({ code: "not_found", message: "Not found." }));
  try {
    // As a key of the practice group itself calls it (the bench's keys are).
    const practiceGroupId = request.headers.get(REQUEST_HEADERS.practiceGroupId.name) ?? "";
    const data = await getPracticeGroupsDto(practiceGroupId, practiceGroupId);
    const response = Response.json({ data });
    response.headers.set("Cache-Control", "no-store");
    return response;
  } catch (error) {
    return toErrorResponse(error);
  }
}
