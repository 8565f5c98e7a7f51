import { signAccessToken, usernameDigest } from "@/lib/access-tokens";
import { endpoints } from "@/lib/api/endpoints";
import { methodsNotAllowed, withApiKey } from "@/lib/api/with-api-key";
import { keyEnvironment } from "@/lib/env";

// A token is exchanged for the key itself, never for another token (the entry's bearer: false).
export const POST = withApiKey(endpoints.createAccessToken, async ({ key, practiceGroup }) => {
  const { token, expiresAt, expiresIn } = await signAccessToken(
    { kh: key.keyHash, pg: practiceGroup.id, env: keyEnvironment(), ...(key.ownerUsername ? { uh: await usernameDigest(key.ownerUsername) } : {}) },
    Date.now(),
    key.expiresAtMs,
  );
  return Response.json({ access_token: token, token_type: "Bearer", expires_in: expiresIn, expires_at: expiresAt.toISOString() });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(endpoints.createAccessToken.path);
