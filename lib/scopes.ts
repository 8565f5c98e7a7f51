// The partner API's scopes, as the public docs name them. Safe to import from client components.
export const ALL_SCOPES = ["booking_links", "messaging", "booking"] as const;
export type ScopeName = (typeof ALL_SCOPES)[number];

export const SCOPE_LABELS: Record<ScopeName, string> = {
  booking_links: "Booking links",
  messaging: "Messaging",
  booking: "Booking",
};
