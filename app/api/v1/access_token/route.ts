import { signAccessToken, TOKEN_TTL_SECONDS } from "@/lib/access-tokens";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";
import { keyEnvironment } from "@/lib/env";

// POST /api/v1/access_token – exchange x-api-key + x-practice-group-id for a 15-minute bearer token
export const POST = withApiKey(
  async ({ key, practiceGroup }) => {
    const { token, expiresAt } = await signAccessToken({
      kh: key.keyHash,
      pg: practiceGroup.id,
      env: keyEnvironment(),
      ...(key.ownerUsername ? { u: key.ownerUsername } : {}),
    });
    return Response.json({ access_token: token, token_type: "Bearer", expires_in: TOKEN_TTL_SECONDS, expires_at: expiresAt.toISOString() });
  },
  // A token is exchanged for the key itself, never for another token.
  { scope: null, bearer: false },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
