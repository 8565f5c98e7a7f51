// My Practice > Practice details: what a practice admin may type as the address and phone patients
// see when they book, and that saving them is audited against the practice.
import { afterAll, describe, expect, it } from "vitest";

import { listAuditEvents } from "@/lib/audit";
import { prisma } from "@/lib/db";
import { telHref } from "@/lib/format";
import { updatePracticeDetails } from "@/lib/practice-groups";
import { practiceDetailsInput } from "@/lib/schemas";

import { actorOf, createPracticeGroup, createUser } from "./support/records";

afterAll(() => prisma.$disconnect());

const parse = (input: { address: string; phone: string }) => practiceDetailsInput.safeParse(input);
const firstError = (input: { address: string; phone: string }) => parse(input).error?.issues[0]?.message;

describe("practiceDetailsInput", () => {
  it("keeps one line per address line, trimmed, and empty fields as not given", () => {
    expect(parse({ address: "  12 River Street \r\n\r\n Riverside\nRS1 2AB  ", phone: " 01632  960111 " }).data).toEqual({
      address: "12 River Street\nRiverside\nRS1 2AB",
      phone: "01632 960111",
    });
    expect(parse({ address: " \n ", phone: "" }).data).toEqual({ address: null, phone: null });
  });

  it("takes UK and international numbers, and refuses letters, too few or too many digits", () => {
    for (const phone of ["01632 960111", "+44 1632 960111", "(01632) 960-111"]) expect(parse({ address: "", phone }).success).toBe(true);
    expect(firstError({ address: "", phone: "call us" })).toBe("Use digits, spaces, +, brackets and hyphens only, e.g. 01632 960000");
    expect(firstError({ address: "", phone: "123 45" })).toBe("A phone number has 7 to 15 digits");
    expect(firstError({ address: "", phone: "1234567890123456" })).toBe("A phone number has 7 to 15 digits");
    expect(firstError({ address: "x".repeat(301), phone: "" })).toBe("Address must be 300 characters or fewer");
  });

  it("is dialled from the booking confirmation as the number it is: the trunk 0 written (0) after +44 is dropped", () => {
    const accepted = parse({ address: "", phone: "+44 (0)1632 960000" });
    expect(accepted.success).toBe(true);
    expect(telHref(accepted.data!.phone!)).toBe("tel:+441632960000");
    expect(telHref("(01632) 960-111")).toBe("tel:01632960111");
    expect(telHref("+44 1632 960111")).toBe("tel:+441632960111");
    for (const written of ["0044 (0)1632 960111", "(+44) 1632 960111", "(+44) (0)1632 960111"]) {
      expect(parse({ address: "", phone: written }).success).toBe(true);
      expect(telHref(written)).toBe("tel:+441632960111");
    }
  });
});

describe("updatePracticeDetails", () => {
  it("saves the address and phone of the practice only, and records who changed them", async () => {
    const practice = await createPracticeGroup();
    const other = await createPracticeGroup();
    const admin = await createUser(practice.id);
    await updatePracticeDetails({ practiceGroupId: practice.id, actor: actorOf(admin), address: "12 River Street\nRiverside", phone: "01632 960111" });

    expect(await prisma.practiceGroup.findUniqueOrThrow({ where: { id: practice.id }, select: { address: true, phone: true } })).toEqual({
      address: "12 River Street\nRiverside",
      phone: "01632 960111",
    });
    expect(await prisma.practiceGroup.findUniqueOrThrow({ where: { id: other.id }, select: { address: true, phone: true } })).toEqual({
      address: null,
      phone: null,
    });
    const [event] = await listAuditEvents(practice.id);
    expect(event).toMatchObject({
      actorUserId: admin.id,
      action: "practice.details_updated",
      targetType: "practice_group",
      targetId: practice.id,
      targetLabel: practice.name,
      metadata: { address: "12 River Street\nRiverside", phone: "01632 960111" },
    });

    // Saved again with nothing changed: no second event.
    await updatePracticeDetails({ practiceGroupId: practice.id, actor: actorOf(admin), address: "12 River Street\nRiverside", phone: "01632 960111" });
    expect(await listAuditEvents(practice.id)).toHaveLength(1);

    await updatePracticeDetails({ practiceGroupId: practice.id, actor: actorOf(admin), address: null, phone: null });
    expect(await prisma.practiceGroup.findUniqueOrThrow({ where: { id: practice.id }, select: { address: true, phone: true } })).toEqual({
      address: null,
      phone: null,
    });
  });
});
