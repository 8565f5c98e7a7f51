// Messages to patients (scope messaging). A message is queued here; delivery is another
// system's job, so its status starts as "queued". Every query is scoped by practice group.
import { after, decodeCursor, toPage } from "@/lib/api/pagination";
import type { MessageDto, PatientRef } from "@/lib/api/schemas";
import { notFound } from "@/lib/api/validation";
import { prisma } from "@/lib/db";
import type { Message, Prisma } from "@/lib/generated/prisma/client";
import { getPatientOrThrow, type PatientScope } from "@/lib/patients";

export function toMessageDto(message: Message): MessageDto {
  return {
    id: message.id,
    practice_group_id: message.practiceGroupId,
    patient_id: message.patientId,
    body: message.body,
    status: message.status === "SENT" ? "sent" : "queued",
    created_at: message.createdAt.toISOString(),
  };
}

export async function createMessage(scope: PatientScope & { keyId: string }, input: PatientRef & { body: string }) {
  const patient = await getPatientOrThrow(input, scope);
  return prisma.message.create({
    data: { practiceGroupId: scope.actingPracticeGroupId, patientId: patient.id, body: input.body, createdByKeyId: scope.keyId },
  });
}

export async function getMessageOrThrow(id: string, practiceGroupId: string) {
  const message = await prisma.message.findFirst({ where: { id, practiceGroupId } });
  if (!message) throw notFound("Message");
  return message;
}

export async function listMessages(practiceGroupId: string, { limit, cursor }: { limit: number; cursor?: string }) {
  const rows = await prisma.message.findMany({
    where: { practiceGroupId, ...after<Prisma.MessageWhereInput>("createdAt", decodeCursor(cursor), "desc") },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  return toPage(rows, limit, (row) => row.createdAt);
}
