import { ApiError, errorResponse } from "@/lib/api/errors";

// Any other /api/v1 path – JSON 404 instead of the dashboard's HTML page
const notFound = () => errorResponse(new ApiError({ code: "not_found", message: "No such endpoint. See GET /api/v1/openapi.json." }));

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
