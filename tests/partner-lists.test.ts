// Apps and Super admin > Partners before Hero has added a partner: each says so and what to do,
// where Apps showed an empty list and Partners a table's headings over nothing.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it } from "vitest";

import { PartnerCards } from "@/components/apps/partner-cards";
import { PartnersTable } from "@/components/support/partners-table";
import { prisma } from "@/lib/db";
import { listPartnersForSupport } from "@/lib/partner-admin";
import { listPartnersWithStatus } from "@/lib/partners";
import { HERO_SUPPORT_EMAIL } from "@/lib/support";

import { createPartner, createPracticeGroup } from "./support/records";

afterAll(() => prisma.$disconnect());

describe("with no partner", () => {
  it("Apps says none can be connected yet, and who adds them", () => {
    const html = renderToStaticMarkup(createElement(PartnerCards, { partners: [] }));
    expect(html).toContain("No partners are available to connect yet. Partners are added by");
    expect(html).toContain(`href="mailto:${HERO_SUPPORT_EMAIL}"`);
    expect(html).not.toContain("<ul");
  });

  it("Super admin > Partners says Create partner adds the first", () => {
    const html = renderToStaticMarkup(createElement(PartnersTable, { partners: [] }));
    expect(html).toContain("No partners yet: Create partner adds the first");
    expect(html).not.toContain("<table");
  });
});

it("with partners, both list every one", async () => {
  const practice = await createPracticeGroup("lists");
  await createPartner();
  const [forPractice, forSupport] = await Promise.all([listPartnersWithStatus(practice.id), listPartnersForSupport()]);
  expect(forPractice.length).toBeGreaterThan(0);
  const cards = renderToStaticMarkup(createElement(PartnerCards, { partners: forPractice }));
  const table = renderToStaticMarkup(createElement(PartnersTable, { partners: forSupport }));
  expect(cards.match(/<li /g)).toHaveLength(forPractice.length);
  expect(table.match(/data-testid="support-partner-row"/g)).toHaveLength(forSupport.length);
  for (const html of [cards, table]) expect(html).not.toContain("no-partners");
});
