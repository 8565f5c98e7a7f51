// Settings > Super admin > Audit log: every practice's events, filtered, and a CSV a spreadsheet
// cannot be tricked into running.
import { afterAll, describe, expect, it } from "vitest";

import { auditLogCsv, csvCell, listAuditLog, parseAuditLogParams } from "@/lib/audit-log";
import { prisma } from "@/lib/db";
import { disconnectPartner } from "@/lib/partners";
import { supportActor } from "@/lib/support";

import { partnerKey } from "./api/helpers";
import { createPracticeGroup, createUser } from "./support/records";

afterAll(() => prisma.$disconnect());

describe("the global audit log", () => {
  it("filters by practice, partner, actor and action, and shows Hero support with the person and the reason", async () => {
    const hero = await createPracticeGroup("hero");
    const support = await createUser(hero.id, "SUPER_ADMIN");
    const practice = await createPracticeGroup();
    const { partner } = await partnerKey(undefined, practice);
    await disconnectPartner({ practiceGroupId: practice.id, partnerId: partner.id, actor: supportActor(support), reason: "=HYPERLINK(ticket 9)" });

    const byPractice = await listAuditLog(parseAuditLogParams({ practice: practice.code }));
    expect(byPractice.rows.map((row) => row.action)).toEqual(["Disconnected", "Connected"]);
    const bySupport = await listAuditLog(parseAuditLogParams({ actor: support.email, partner: partner.id, action: "partner.disconnected" }));
    expect(bySupport.rows).toEqual([
      expect.objectContaining({
        practice: practice.name,
        actor: "Hero support",
        actorUser: `${support.name} <${support.email}>`,
        reason: "=HYPERLINK(ticket 9)",
      }),
    ]);
    const nothing = await listAuditLog(parseAuditLogParams({ practice: practice.code, from: "2099-01-01" }));
    expect(nothing.total).toBe(0);

    const csv = auditLogCsv(bySupport.rows);
    expect(csv.split("\r\n")[0]).toBe('"Time (UTC)","Practice","Actor","Actor user","Action","Target","Reason"');
    expect(csv).toContain(`"'=HYPERLINK(ticket 9)"`);
  });

  it("reads odd parameters as no filter", () => {
    expect(parseAuditLogParams({ practice: "a\u0000b", partner: "not-a-uuid", action: "drop table", from: "yesterday", page: "-3" })).toEqual({
      practice: "",
      partner: "",
      actor: "",
      action: "",
      from: "",
      to: "",
      page: 1,
    });
  });

  it("quotes cells and neutralises formulas", () => {
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    for (const formula of ["=1+1", "+1", "-1", "@SUM(A1)"]) expect(csvCell(formula)).toBe(`"'${formula}"`);
  });
});
