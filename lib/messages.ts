// Messages to patients (scope messaging). A message is queued here; delivery is another
// system's job, so its status starts as "queued". Every query is scoped by practice group.
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/domain-error";
import type { Prisma } from "@/lib/generated/prisma/client";
import { claimIdempotencyKey } from "@/lib/idempotency";
import { recordWrite } from "@/lib/ledger";
import { after, decodeCursor, toPage } from "@/lib/pagination";
import { apiWrite, getPatientOrThrow, visibleRecords, type ApiWriter, type PatientRef, type PatientScope } from "@/lib/patients";

export async function createMessage(scope: ApiWriter, input: PatientRef & { body: string }) {
  const patient = await getPatientOrThrow(input, scope);
  return apiWrite(scope, async (tx) => {
    const message = await tx.message.create({
      data: { practiceGroupId: scope.actingPracticeGroupId, patientId: patient.id, body: input.body, createdByKeyId: scope.keyId },
    });
    await claimIdempotencyKey(tx, scope.access?.idempotency, message.id);
    await recordWrite(tx, scope.access, [patient.id]);
    return message;
  });
}

export async function getMessageOrThrow(id: string, scope: PatientScope) {
  const message = await prisma.message.findFirst({ where: { id, ...visibleRecords(scope) } });
  if (!message) throw notFound("Message");
  return message;
}

export async function listMessages(scope: PatientScope, { limit, cursor }: { limit: number; cursor?: string }) {
  const rows = await prisma.message.findMany({
    where: { ...visibleRecords(scope), ...after<Prisma.MessageWhereInput>("createdAt", decodeCursor(cursor), "desc") },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  return toPage(rows, limit, (row) => row.createdAt);
}
