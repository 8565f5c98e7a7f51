// Booking (scope booking): free slots, booking one, cancelling, listing appointments.
// A slot holds at most one BOOKED appointment. That is enforced by a partial unique index in
// PostgreSQL, not by a read-then-write here: of any number of concurrent bookings exactly one
// insert succeeds and the others fail with a unique violation, reported as 409 slot_unavailable.
import { defaultSlotRangeEnd } from "@/lib/api/schemas";
import { prisma } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import { DomainError, notFound } from "@/lib/domain-error";
import { Prisma } from "@/lib/generated/prisma/client";
import { claimIdempotencyKey } from "@/lib/idempotency";
import { recordWrite } from "@/lib/ledger";
import { after, decodeCursor, toPage } from "@/lib/pagination";
import { apiWrite, getPatientOrThrow, visibleRecords, type ApiWriter, type PatientRef, type PatientScope } from "@/lib/patients";

const slotUnavailable = (message: string) => new DomainError("slot_unavailable", message);

type SlotQuery = { from?: string | Date; to?: string | Date; appointmentType?: string; limit: number; cursor?: string };

/**
 * Slots of the practice group in [from, to) (of one type, if given) with no booked appointment,
 * earliest first; never one that has started, which could not be booked.
 */
export async function listFreeSlots(practiceGroupId: string, query: SlotQuery) {
  const now = new Date();
  const from = query.from ? new Date(query.from) : now;
  const to = query.to ? new Date(query.to) : new Date(defaultSlotRangeEnd(from.getTime()));
  const rows = await prisma.appointmentSlot.findMany({
    where: {
      practiceGroupId,
      startsAt: { gte: from > now ? from : now, lt: to },
      ...(query.appointmentType ? { appointmentType: query.appointmentType } : {}),
      appointments: { none: { status: "BOOKED" } },
      ...after<Prisma.AppointmentSlotWhereInput>("startsAt", decodeCursor(query.cursor), "asc"),
    },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: query.limit + 1,
  });
  return toPage(rows, query.limit, (row) => row.startsAt);
}

export async function bookAppointment(scope: ApiWriter, input: PatientRef & { slot_id: string }) {
  const slot = await prisma.appointmentSlot.findFirst({ where: { id: input.slot_id, practiceGroupId: scope.actingPracticeGroupId } });
  if (!slot) throw notFound("Slot");
  if (slot.startsAt <= new Date()) throw slotUnavailable("This slot has already started.");
  const patient = await getPatientOrThrow(input, scope);
  try {
    return await apiWrite(scope, async (tx) => {
      const appointment = await tx.appointment.create({
        data: { practiceGroupId: scope.actingPracticeGroupId, slotId: slot.id, patientId: patient.id, bookedByKeyId: scope.keyId },
        include: { slot: true },
      });
      // Again after the waits above (the caller's lock, a rival booking of the slot): they can outlast its start.
      if (slot.startsAt <= new Date()) throw slotUnavailable("This slot has already started.");
      await claimIdempotencyKey(tx, scope.access?.idempotency, appointment.id);
      await recordWrite(tx, scope.access, [patient.id]);
      return appointment;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slotUnavailable("This slot is already booked.");
    throw error;
  }
}

export async function getAppointmentOrThrow(id: string, scope: PatientScope) {
  const appointment = await prisma.appointment.findFirst({ where: { id, ...visibleRecords(scope) }, include: { slot: true } });
  if (!appointment) throw notFound("Appointment");
  return appointment;
}

/**
 * Cancels a booked appointment that has not started, freeing its slot. Cancelling a cancelled one
 * changes nothing; one that has started is history and stays as it is.
 */
export async function cancelAppointment(id: string, scope: ApiWriter) {
  const where = { id, ...visibleRecords(scope) };
  return apiWrite(scope, async (tx) => {
    const now = new Date();
    await tx.appointment.updateMany({
      where: { ...where, status: "BOOKED", slot: { startsAt: { gt: now } } },
      data: { status: "CANCELLED", cancelledAt: now },
    });
    const appointment = await tx.appointment.findFirst({ where, include: { slot: true } });
    if (!appointment) throw notFound("Appointment");
    if (appointment.status === "BOOKED") {
      // Refused, but the call named this patient's appointment: its ledger row says whose.
      scope.access?.patients?.add(appointment.patientId);
      throw slotUnavailable("This appointment has already started: it can no longer be cancelled.");
    }
    await recordWrite(tx, scope.access, [appointment.patientId]);
    return appointment;
  });
}

type AppointmentQuery = { status?: "booked" | "cancelled"; limit: number; cursor?: string };

export async function listAppointments(scope: PatientScope, query: AppointmentQuery) {
  const rows = await prisma.appointment.findMany({
    where: {
      ...visibleRecords(scope),
      ...(query.status ? { status: query.status === "booked" ? "BOOKED" : "CANCELLED" } : {}),
      ...after<Prisma.AppointmentWhereInput>("createdAt", decodeCursor(query.cursor), "desc"),
    },
    include: { slot: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  return toPage(rows, query.limit, (row) => row.createdAt);
}
