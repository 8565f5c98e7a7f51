// The public developer docs (app/docs): their pages in menu order, and the links they share.
export type DocsPage = { href: string; label: string };

export const DOCS_PAGES: DocsPage[] = [
  { href: "/docs", label: "Authentication" },
  { href: "/docs/scopes", label: "Scopes" },
  { href: "/docs/access-tokens", label: "Access tokens" },
  { href: "/docs/user-keys", label: "User keys" },
  { href: "/docs/errors", label: "Errors" },
  { href: "/docs/rate-limits", label: "Rate limits" },
  { href: "/docs/api", label: "API reference" },
];

export const REFERENCE_PATH = "/docs/api";
export const OPENAPI_URL = "/api/v1/openapi.json";

// Seed 003's link.
export const PARTNER_GET_STARTED_URL = "https://www.herohealthsoftware.net/partner-program/get-started";
