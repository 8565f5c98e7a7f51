import { OPENAPI_PATH } from "@/lib/api/endpoints";
import { REQUEST_ID_HEADER } from "@/lib/api/errors";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { newRequestId } from "@/lib/api/request-id";
import { methodsNotAllowed } from "@/lib/api/with-api-key";

// The OpenAPI 3.1 description, generated from the endpoint registry; public, no key.
export function GET() {
  return Response.json(buildOpenApiDocument(), { headers: { [REQUEST_ID_HEADER]: newRequestId() } });
}

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(OPENAPI_PATH);
