import { buildOpenApiDocument } from "@/lib/api/openapi";
import { methodsNotAllowed } from "@/lib/api/with-api-key";

// GET /api/v1/openapi.json – the OpenAPI 3.1 description, generated from the handlers' zod schemas
export function GET() {
  return Response.json(buildOpenApiDocument());
}

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
