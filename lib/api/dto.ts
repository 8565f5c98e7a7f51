// Database rows as the partner API's JSON (snake_case, ISO timestamps): the shapes in
// lib/api/schemas.ts, which the OpenAPI document describes. The domain returns rows; only the
// API layer knows this form.
import type { AppointmentDto, BookingLinkDto, MessageDto, SlotDto } from "@/lib/api/schemas";
import { bookingLinkUrl } from "@/lib/booking-links";
import type { AppointmentSlot, BookingLink, Message, Prisma } from "@/lib/generated/prisma/client";

export function toSlotDto(slot: AppointmentSlot): SlotDto {
  return {
    id: slot.id,
    practice_group_id: slot.practiceGroupId,
    starts_at: slot.startsAt.toISOString(),
    ends_at: slot.endsAt.toISOString(),
    appointment_type: slot.appointmentType,
    clinician: slot.clinician,
  };
}

type AppointmentWithSlot = Prisma.AppointmentGetPayload<{ include: { slot: true } }>;

export function toAppointmentDto(appointment: AppointmentWithSlot): AppointmentDto {
  return {
    id: appointment.id,
    practice_group_id: appointment.practiceGroupId,
    slot_id: appointment.slotId,
    patient_id: appointment.patientId,
    status: appointment.status === "BOOKED" ? "booked" : "cancelled",
    starts_at: appointment.slot.startsAt.toISOString(),
    ends_at: appointment.slot.endsAt.toISOString(),
    appointment_type: appointment.slot.appointmentType,
    clinician: appointment.slot.clinician,
    created_at: appointment.createdAt.toISOString(),
    cancelled_at: appointment.cancelledAt?.toISOString() ?? null,
  };
}

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

/** `madeByCaller`: whether the caller made the link (lib/booking-links.ts linksMadeBy); only then is its url shown. */
export function toBookingLinkDto(link: BookingLink, madeByCaller: boolean, now = new Date()): BookingLinkDto {
  return {
    id: link.id,
    practice_group_id: link.practiceGroupId,
    patient_id: link.patientId,
    appointment_type: link.appointmentType,
    url: madeByCaller ? bookingLinkUrl(link) : null,
    expires_at: link.expiresAt.toISOString(),
    status: bookingLinkStatus(link, now),
    appointment_id: link.appointmentId,
    created_at: link.createdAt.toISOString(),
  };
}

/** A stopped link shows nothing, whatever it booked; a booked one books no more, whatever its expiry. */
function bookingLinkStatus(link: BookingLink, now: Date): BookingLinkDto["status"] {
  if (link.stoppedAt) return "stopped";
  if (link.appointmentId) return "booked";
  return link.expiresAt <= now ? "expired" : "open";
}
