// The partner API's request and response shapes. Handlers validate with these and the OpenAPI
// document (lib/api/openapi.ts) is generated from them, so the two cannot drift apart.
// JSON fields are snake_case, as in the access-token response of seed 002.
import { z } from "zod";

import { ERROR_CODES } from "@/lib/api/errors";
import {
  BOOKING_LINK_DEFAULT_DAYS,
  BOOKING_LINK_MAX_DAYS,
  DAY_MS,
  MESSAGE_MAX_LENGTH,
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  SLOT_RANGE_DEFAULT_DAYS,
  SLOT_RANGE_MAX_DAYS,
  TOKEN_TTL_SECONDS,
} from "@/lib/limits";
import { isNhsNumber, NHS_NUMBER } from "@/lib/nhs-number";

const id = z.uuid();

// Keyset pagination (lib/pagination.ts): `limit` and the opaque `cursor` of the previous page.
// Strict, as bodies are: a mistyped parameter is refused, not ignored with the list unfiltered.
export const pageQuery = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PAGE_SIZE_MAX)
    .default(PAGE_SIZE_DEFAULT)
    .describe(`Items per page, 1–${PAGE_SIZE_MAX} (default ${PAGE_SIZE_DEFAULT}).`),
  cursor: z.string().max(200).optional().describe("The next_cursor of the previous page."),
});
// The format allows year 0000 (and an offset can reach it), which PostgreSQL cannot store.
const timestamp = z.iso.datetime({ offset: true }).refine((value) => {
  const year = new Date(value).getUTCFullYear();
  return year >= 1 && year <= 9999;
}, "Must be between the years 1 and 9999 (UTC)");

const HOUR_MS = 3_600_000;
/** The last instant of year 9999: the API's timestamps stop there, as PostgreSQL's storable years do. */
const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Where a slot search without `to` ends: SLOT_RANGE_DEFAULT_DAYS after `from`, never past the last instant. */
export const defaultSlotRangeEnd = (from: number) => Math.min(from + SLOT_RANGE_DEFAULT_DAYS * DAY_MS, LAST_INSTANT);

// A patient is named by Hero's id or by NHS number: exactly one of the two.
const patientFields = {
  patient_id: id.optional().describe("The patient's id. Give this or nhs_number."),
  nhs_number: z
    .string()
    .regex(NHS_NUMBER, "Must be 10 digits")
    .refine(isNhsNumber, "Not a valid NHS number: its last digit does not match the others")
    .optional()
    .describe("The patient's NHS number, 10 digits, the last a modulus 11 check digit. Give this or patient_id."),
};

// The rule below, as the OpenAPI document states it (z.toJSONSchema keeps metadata, not refinements).
const ONE_PATIENT = { oneOf: [{ required: ["patient_id"] }, { required: ["nhs_number"] }] };

function exactlyOnePatient(value: { patient_id?: string; nhs_number?: string }, ctx: z.RefinementCtx) {
  if ((value.patient_id === undefined) === (value.nhs_number === undefined)) {
    ctx.addIssue({ code: "custom", path: ["patient_id"], message: "Give exactly one of patient_id or nhs_number" });
  }
}

export const createBookingLinkBody = z
  .object({
    ...patientFields,
    appointment_type: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe("What the patient is invited to book, e.g. GP consultation: a type the practice has appointment slots of (the error lists them)."),
    expires_at: timestamp
      .optional()
      .describe(`When the link stops working; default ${BOOKING_LINK_DEFAULT_DAYS} days from now, at most ${BOOKING_LINK_MAX_DAYS} days.`),
  })
  .strict()
  .meta(ONE_PATIENT)
  // Whether expires_at is ahead, and not too far, is checked when the link is made (lib/booking-links.ts):
  // a retry with the same Idempotency-Key after that time is answered with the link, not refused.
  .superRefine(exactlyOnePatient);

export const createMessageBody = z
  .object({
    ...patientFields,
    body: z
      .string()
      .trim()
      .min(1, "Must not be empty")
      .max(MESSAGE_MAX_LENGTH, `At most ${MESSAGE_MAX_LENGTH} characters`)
      .describe(`The message text, 1–${MESSAGE_MAX_LENGTH} characters.`),
  })
  .strict()
  .meta(ONE_PATIENT)
  .superRefine(exactlyOnePatient);

export const createAppointmentBody = z
  .object({ slot_id: id.describe("A free slot from GET /slots."), ...patientFields })
  .strict()
  .meta(ONE_PATIENT)
  .superRefine(exactlyOnePatient);

export const listQuery = pageQuery;

export const appointmentsQuery = pageQuery.extend({
  status: z.enum(["booked", "cancelled"]).optional().describe("Only appointments with this status."),
});

export const slotsQuery = pageQuery
  .extend({
    from: timestamp.optional().describe("Start of the range (default: now). Slots that have already started are never listed."),
    to: timestamp
      .optional()
      .describe(
        `End of the range (default: from + ${SLOT_RANGE_DEFAULT_DAYS} days; at most ${SLOT_RANGE_MAX_DAYS} days and an hour after from, so a UK October fits).`,
      ),
  })
  .superRefine((value, ctx) => {
    const from = value.from ? Date.parse(value.from) : Date.now();
    const to = value.to ? Date.parse(value.to) : defaultSlotRangeEnd(from);
    if (to <= from) ctx.addIssue({ code: "custom", path: ["to"], message: "Must be after from" });
    // UK days: one range of them may span October's clock change, whose day is 25 hours long.
    if (to - from > SLOT_RANGE_MAX_DAYS * DAY_MS + HOUR_MS)
      ctx.addIssue({ code: "custom", path: ["to"], message: `Must be within ${SLOT_RANGE_MAX_DAYS} days of from` });
  });

// Responses.
export const practiceGroupSchema = z.object({ id, name: z.string(), code: z.string() });

export const practiceGroupsResponse = z.object({
  data: practiceGroupSchema.extend({
    networks: z.array(z.object({ id, name: z.string(), code: z.string(), practice_groups: z.array(practiceGroupSchema) })),
  }),
});

export const bookingLinkSchema = z.object({
  id,
  practice_group_id: id,
  patient_id: id,
  appointment_type: z.string(),
  url: z
    .url()
    .nullable()
    .describe(
      "The page the patient books on: send it to the patient. Shown only to whoever made the link (your connection, with any of its keys; a user key's owner): null for a link another partner or the practice made, and when it cannot be shown again (a link made before 6 December 2026, whose address was not kept, or before Hero changed the secret it is kept under). The link still works for its patient.",
    ),
  expires_at: timestamp,
  status: z
    .enum(["open", "booked", "expired", "stopped"])
    .describe(
      "open: the patient can book through it until expires_at. booked: the patient booked (appointment_id); a link books once. expired: expires_at passed with nothing booked. stopped: it was stopped (DELETE /booking-links/{id}, or by the practice) and shows the patient nothing, not even what it booked.",
    ),
  appointment_id: id
    .nullable()
    .describe("The appointment the patient booked through the link (GET /appointments/{id}), also once the link is stopped; null until the patient books."),
  created_at: timestamp,
});

export const messageSchema = z.object({
  id,
  practice_group_id: id,
  patient_id: id,
  body: z.string(),
  status: z
    .enum(["queued", "sent"])
    .describe(
      "queued: Hero has the message and passes it on for delivery. This API does not report delivery yet: no message is sent today, the value is kept for when it does.",
    ),
  created_at: timestamp,
});

export const slotSchema = z.object({
  id,
  practice_group_id: id,
  starts_at: timestamp,
  ends_at: timestamp,
  appointment_type: z.string(),
  clinician: z.string(),
});

export const appointmentSchema = z.object({
  id,
  practice_group_id: id,
  slot_id: id,
  patient_id: id,
  status: z.enum(["booked", "cancelled"]),
  starts_at: timestamp,
  ends_at: timestamp,
  appointment_type: z.string(),
  clinician: z.string(),
  created_at: timestamp,
  cancelled_at: timestamp.nullable(),
});

export const accessTokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int().describe(`Seconds until the token expires: ${TOKEN_TTL_SECONDS}, or fewer when the key itself expires sooner.`),
  expires_at: timestamp,
});

export const errorSchema = z.object({
  error: z
    .enum(ERROR_CODES)
    .describe("A stable code from the error table: branch on it, not on the message. Codes may be added: treat one you do not know by its HTTP status."),
  message: z.string(),
  fields: z.record(z.string(), z.string()).optional().describe("Per-field messages for invalid_request."),
});

export const one = <T extends z.ZodType>(item: T) => z.object({ data: item });
export const list = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), next_cursor: z.string().nullable() });

export type BookingLinkDto = z.infer<typeof bookingLinkSchema>;
export type MessageDto = z.infer<typeof messageSchema>;
export type SlotDto = z.infer<typeof slotSchema>;
export type AppointmentDto = z.infer<typeof appointmentSchema>;
