import { describe, expect, it } from "vitest";

import { ENDPOINTS } from "@/lib/api/endpoints";
import { connectionScopesInput, createPartnerInput, partnerKeyInput } from "@/lib/schemas";
import { describeAccess, SCOPE_ABILITIES, scopeLabels } from "@/lib/scopes";

const partnerId = "5f0c6c1e-4a8e-4e55-9d1a-2f4b7e9c0a11";
const practiceGroupId = "0b9d2f6a-7c3e-4f1b-8a5d-6e2c9b4a7d30";
const reason = "Asked by the practice on the phone";

describe("scopes", () => {
  it("are kept in the docs' order, each once, whatever order they were ticked in", () => {
    const key = partnerKeyInput.parse({ partnerId, scopes: ["booking", "messaging", "booking_links", "messaging"] });
    expect(key.options.scopes).toEqual(["booking_links", "messaging", "booking"]);
    expect(connectionScopesInput.parse({ partnerId, practiceGroupId, scopes: ["messaging", "booking_links"], reason }).scopes).toEqual([
      "booking_links",
      "messaging",
    ]);
    const partner = createPartnerInput.parse({ name: "BookWell", slug: "bookwell", description: "", scopes: ["booking", "booking_links"], reason });
    expect(partner.scopes).toEqual(["booking_links", "booking"]);
  });

  it("tell the practice, before it connects, everything a scope's endpoints do: reading as well as writing", () => {
    const verbs = { GET: /\b(see|read)\b/, POST: /\b(create|send|book)\b/, DELETE: /\b(stop|cancel)\b/ };
    const scoped = ENDPOINTS.filter((endpoint) => endpoint.scope !== null);
    expect(scoped.length).toBeGreaterThan(0);
    for (const { scope, method, path } of scoped) expect(SCOPE_ABILITIES[scope!], `${method} ${path}`).toMatch(verbs[method]);
  });

  it("are refused when none is chosen, or one is unknown", () => {
    expect(partnerKeyInput.safeParse({ partnerId, scopes: [] }).error?.issues[0]?.message).toBe("Choose at least one scope");
    expect(partnerKeyInput.safeParse({ partnerId, scopes: ["admin"] }).success).toBe(false);
  });

  it("are named in the docs' order on every page", () => {
    expect(scopeLabels(["messaging", "booking_links"])).toBe("Booking links, Messaging");
    expect(scopeLabels(["booking", "messaging", "booking_links"])).toBe("Booking links, Messaging, Booking");
    expect(describeAccess("TriageFirst", ["messaging", "booking_links"])).toBe(
      "TriageFirst will be able to: create, see and stop booking links for your patients, including links others made; and send your patients messages and read every message sent to them through Hero's API.",
    );
  });
});
