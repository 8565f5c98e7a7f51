// The public pages' limit per client address, as the specs meet it: they play the trusted proxy
// (TRUSTED_PROXY_HOPS=1, scripts/test.ts), so X-Forwarded-For names the client.
import { randomBytes } from "node:crypto";

import type { APIRequestContext, APIResponse } from "@playwright/test";

import { PUBLIC_PAGE_LIMIT } from "../../lib/limits";

/** An address in a /64 of its own (IPv6 addresses are limited by /64), so no other test shares its count. */
export const newClientAddress = () =>
  `2001:db8:${randomBytes(4)
    .toString("hex")
    .replace(/(.{4})/, "$1:")}::7`;

/**
 * Loads the public pages from `address` until one is refused. The window slides, so a run that
 * crosses into the next minute may be let through a few more times, never fewer.
 */
export async function exhaustPublicLimit(request: APIRequestContext, address: string): Promise<{ allowed: number; refused?: APIResponse }> {
  const headers = { "x-forwarded-for": address };
  let allowed = 0;
  while (allowed <= 2 * PUBLIC_PAGE_LIMIT) {
    const response = await request.get(allowed % 2 ? "/share" : `/book/not-a-link-${allowed}`, { headers });
    if (response.status() !== 200) return { allowed, refused: response };
    allowed++;
  }
  return { allowed };
}
