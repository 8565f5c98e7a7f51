// Users across every practice, for super admin screens. Substring matches on name, email and
// username use the pg_trgm indexes (migration 20261123181100_user_key_search).
import { prisma } from "@/lib/db";

export const USER_SEARCH_LIMIT = 10;

/** "%" and "_" typed into a search box are plain characters, not LIKE wildcards (backslash is LIKE's escape). */
export function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, "\\$&");
}

// Prisma passes `contains` to ILIKE without escaping it.
const containsText = (text: string) => ({ contains: escapeLike(text), mode: "insensitive" as const });

export type UserOption = { id: string; name: string; username: string; email: string; practiceGroupName: string };

/** The type-ahead behind "Search for a User": active users only, since a key owned by an inactive user never works. */
export async function searchUsers(query: string, limit = USER_SEARCH_LIMIT): Promise<UserOption[]> {
  const text = query.trim();
  if (!text) return [];
  const contains = containsText(text);
  const users = await prisma.user.findMany({
    where: { active: true, OR: [{ name: contains }, { email: contains }, { username: contains }] },
    orderBy: [{ name: "asc" }, { username: "asc" }],
    take: limit,
    select: { id: true, name: true, username: true, email: true, practiceGroup: { select: { name: true } } },
  });
  return users.map(({ practiceGroup, ...user }) => ({ ...user, practiceGroupName: practiceGroup.name }));
}
