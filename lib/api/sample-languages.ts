// The languages of the docs' code samples (lib/api/code-samples.ts), apart so the docs' tabs,
// a client component, can list them without loading the endpoint registry. No imports.
export const SAMPLE_LANGUAGES = [
  { id: "curl", label: "curl" },
  { id: "node", label: "Node.js" },
  { id: "ruby", label: "Ruby" },
] as const;

export type SampleLanguage = (typeof SAMPLE_LANGUAGES)[number]["id"];
