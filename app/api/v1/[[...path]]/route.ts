import { ApiError, errorResponse, NO_SUCH_ENDPOINT } from "@/lib/api/errors";

// /api/v1 itself and any other path under it – JSON 404 instead of the HTML not-found page
const notFound = () => errorResponse(new ApiError({ code: "not_found", message: NO_SUCH_ENDPOINT }));

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
