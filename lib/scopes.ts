// The partner API's scopes, as the public docs name them. Safe to import from client components.
export const ALL_SCOPES = ["booking_links", "messaging", "booking"] as const;
export type ScopeName = (typeof ALL_SCOPES)[number];

export const SCOPE_LABELS: Record<ScopeName, string> = {
  booking_links: "Booking links",
  messaging: "Messaging",
  booking: "Booking",
};

/** In the docs' order, each once: how scopes are stored and shown, whatever order they were ticked in. */
export const inScopeOrder = (scopes: readonly ScopeName[]): ScopeName[] => ALL_SCOPES.filter((scope) => scopes.includes(scope));

/**
 * What a partner key may do now: its own scopes within those its partner may be granted. Hero
 * support can narrow a partner after its keys were issued; the key keeps its record (widening the
 * partner again restores it), and the API, the pages and the dialogs all use what is left.
 */
export const grantedScopes = <S extends string>(keyScopes: readonly S[], partnerScopes: readonly S[]): S[] =>
  keyScopes.filter((scope) => partnerScopes.includes(scope));

/** "Booking links, Messaging" */
export const scopeLabels = (scopes: readonly ScopeName[]) =>
  inScopeOrder(scopes)
    .map((scope) => SCOPE_LABELS[scope])
    .join(", ");

/** What a scope lets a partner do with a practice's data, in plain words. */
export const SCOPE_ABILITIES: Record<ScopeName, string> = {
  // What the practice consents to: the reads as well as the writes (lib/api/endpoints.ts).
  booking_links: "create, see and stop booking links for your patients, including links others made",
  messaging: "send your patients messages and read every message sent to them through Hero's API",
  booking: "see your free appointment slots and your patients' appointments, and book or cancel appointments for your patients",
};

/** "TriageFirst will be able to: create, see and stop booking links …; and send your patients messages …." */
export function describeAccess(partnerName: string, scopes: readonly ScopeName[]) {
  const abilities = inScopeOrder(scopes).map((scope) => SCOPE_ABILITIES[scope]);
  if (abilities.length === 0) return `${partnerName} will not be able to use your practice's data.`;
  if (abilities.length === 1) return `${partnerName} will be able to ${abilities[0]}.`;
  // Each ability has commas of its own: semicolons keep them apart.
  return `${partnerName} will be able to: ${abilities.slice(0, -1).join("; ")}; and ${abilities.at(-1)}.`;
}
