// Every /api/v1 endpoint, once: method, path template, scope, input and response schemas, and
// the errors it can answer. Route files bind their handlers to an entry
// (`withApiKey(endpoints.bookAppointment, handler)`), and the OpenAPI document, the docs, the
// middleware's 405 table and the tests all derive from this table. Edge-safe.
import type { z } from "zod";

import type { ErrorCode } from "@/lib/api/errors";
import * as s from "@/lib/api/schemas";
import { TOKEN_TTL_SECONDS } from "@/lib/limits";
import type { ScopeName } from "@/lib/scopes";

/** Named response schemas, listed under components.schemas in the OpenAPI document. */
export const RESPONSE_SCHEMAS = {
  PracticeGroups: s.practiceGroupsResponse,
  BookingLink: s.one(s.bookingLinkSchema),
  BookingLinkList: s.list(s.bookingLinkSchema),
  Message: s.one(s.messageSchema),
  MessageList: s.list(s.messageSchema),
  SlotList: s.list(s.slotSchema),
  Appointment: s.one(s.appointmentSchema),
  AppointmentList: s.list(s.appointmentSchema),
  AccessToken: s.accessTokenResponse,
  Error: s.errorSchema,
} satisfies Record<string, z.ZodType>;

export type Method = "GET" | "POST" | "DELETE";

/** The groups of the Reference (OpenAPI tags), in the order it lists them. Markdown descriptions. */
export const TAGS = {
  "Practice groups": "The practice group a call acts for, and the practice groups of the networks it shares with the key's own practice group. Any valid key.",
  "Access tokens": "Short-lived bearer tokens that stand in for the API key. Any valid key.",
  "Booking links": "Links a patient opens to book an appointment themselves. Scope `booking_links`.",
  Messaging: "Messages to a practice's patients. Scope `messaging`.",
  Booking: "Free appointment slots, and booking and cancelling appointments. Scope `booking`.",
  "OpenAPI document": "This API's description, as OpenAPI 3.1. No key needed.",
} as const;
export type Tag = keyof typeof TAGS;

export type Endpoint = {
  method: Method;
  /** Relative to /api/v1; `{id}` is a path parameter. */
  path: string;
  summary: string;
  tag: Tag;
  /** The scope the key needs; null: any valid key. */
  scope: ScopeName | null;
  /** Whether an access token may stand in for the key (not for the exchange itself). */
  bearer: boolean;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A POST that creates and takes an Idempotency-Key (lib/idempotency.ts). */
  idempotent?: true;
  response: { status: 200 | 201; schema: keyof typeof RESPONSE_SCHEMAS };
  errors: readonly ErrorCode[];
};

/** What any call can be answered with, whatever the endpoint: the OpenAPI document lists them on every operation. */
export const EVERY_CALL_ERRORS = ["https_required", "internal_error", "rate_limit_unavailable", "service_unavailable"] as const satisfies ErrorCode[];

// payload_too_large: an endpoint that takes no body still reads one, and refuses one over the limit.
const AUTH_ERRORS = ["invalid_request", "invalid_credentials", "forbidden", "payload_too_large", "rate_limit_exceeded"] as const satisfies ErrorCode[];
const SCOPED = [...AUTH_ERRORS, "insufficient_permissions"] as const satisfies ErrorCode[];
const WRITE = [...SCOPED, "not_found"] as const satisfies ErrorCode[];

export const endpoints = {
  listPracticeGroups: {
    method: "GET",
    path: "/practice-groups",
    summary: "The acting practice group and the networks it shares with the key's practice group",
    tag: "Practice groups",
    scope: null,
    bearer: true,
    response: { status: 200, schema: "PracticeGroups" },
    errors: AUTH_ERRORS,
  },
  createAccessToken: {
    method: "POST",
    path: "/access_token",
    summary: `Exchange the API key for a ${TOKEN_TTL_SECONDS / 60}-minute bearer token`,
    tag: "Access tokens",
    scope: null,
    bearer: false,
    response: { status: 200, schema: "AccessToken" },
    errors: AUTH_ERRORS,
  },
  createBookingLink: {
    method: "POST",
    path: "/booking-links",
    summary: "Create a booking link for a patient",
    tag: "Booking links",
    scope: "booking_links",
    bearer: true,
    body: s.createBookingLinkBody,
    idempotent: true,
    response: { status: 201, schema: "BookingLink" },
    errors: WRITE,
  },
  listBookingLinks: {
    method: "GET",
    path: "/booking-links",
    summary: "List booking links, newest first",
    tag: "Booking links",
    scope: "booking_links",
    bearer: true,
    query: s.listQuery,
    response: { status: 200, schema: "BookingLinkList" },
    errors: SCOPED,
  },
  getBookingLink: {
    method: "GET",
    path: "/booking-links/{id}",
    summary: "Get a booking link",
    tag: "Booking links",
    scope: "booking_links",
    bearer: true,
    response: { status: 200, schema: "BookingLink" },
    errors: [...SCOPED, "not_found"],
  },
  stopBookingLink: {
    method: "DELETE",
    path: "/booking-links/{id}",
    summary:
      "Stop a booking link now, e.g. one sent to the wrong person (stopping it twice changes nothing); a used link's page no longer shows the patient what it booked (the appointment stays booked, and appointment_id stays in the API)",
    tag: "Booking links",
    scope: "booking_links",
    bearer: true,
    response: { status: 200, schema: "BookingLink" },
    errors: [...SCOPED, "not_found"],
  },
  createMessage: {
    method: "POST",
    path: "/messages",
    summary: "Send a message to a patient",
    tag: "Messaging",
    scope: "messaging",
    bearer: true,
    body: s.createMessageBody,
    idempotent: true,
    response: { status: 201, schema: "Message" },
    errors: WRITE,
  },
  listMessages: {
    method: "GET",
    path: "/messages",
    summary: "List messages, newest first",
    tag: "Messaging",
    scope: "messaging",
    bearer: true,
    query: s.listQuery,
    response: { status: 200, schema: "MessageList" },
    errors: SCOPED,
  },
  getMessage: {
    method: "GET",
    path: "/messages/{id}",
    summary: "Get a message",
    tag: "Messaging",
    scope: "messaging",
    bearer: true,
    response: { status: 200, schema: "Message" },
    errors: [...SCOPED, "not_found"],
  },
  listSlots: {
    method: "GET",
    path: "/slots",
    summary: "List free appointment slots, earliest first",
    tag: "Booking",
    scope: "booking",
    bearer: true,
    query: s.slotsQuery,
    response: { status: 200, schema: "SlotList" },
    errors: SCOPED,
  },
  bookAppointment: {
    method: "POST",
    path: "/appointments",
    summary: "Book a free slot for a patient",
    tag: "Booking",
    scope: "booking",
    bearer: true,
    body: s.createAppointmentBody,
    idempotent: true,
    response: { status: 201, schema: "Appointment" },
    errors: [...WRITE, "slot_unavailable"],
  },
  listAppointments: {
    method: "GET",
    path: "/appointments",
    summary: "List appointments, most recently booked first",
    tag: "Booking",
    scope: "booking",
    bearer: true,
    query: s.appointmentsQuery,
    response: { status: 200, schema: "AppointmentList" },
    errors: SCOPED,
  },
  getAppointment: {
    method: "GET",
    path: "/appointments/{id}",
    summary: "Get an appointment",
    tag: "Booking",
    scope: "booking",
    bearer: true,
    response: { status: 200, schema: "Appointment" },
    errors: [...SCOPED, "not_found"],
  },
  cancelAppointment: {
    method: "DELETE",
    path: "/appointments/{id}",
    summary: "Cancel an appointment that has not started (cancelling twice changes nothing)",
    tag: "Booking",
    scope: "booking",
    bearer: true,
    response: { status: 200, schema: "Appointment" },
    errors: [...SCOPED, "not_found", "slot_unavailable"],
  },
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof endpoints;
export const ENDPOINTS: Endpoint[] = Object.values(endpoints);
/** The registry's names double as the OpenAPI operationIds. */
export const NAMED_ENDPOINTS = Object.entries(endpoints) as [EndpointName, Endpoint][];

/** The OpenAPI document itself: public, no key. */
export const OPENAPI_PATH = "/openapi.json";

const METHOD_ORDER: Method[] = ["GET", "POST", "DELETE"];

/** Each path's methods as an Allow header value ("GET, HEAD, POST"), the OpenAPI document's included: every GET answers HEAD too (lib/api/methods.ts). */
export const ENDPOINT_METHODS: Record<string, string> = Object.fromEntries(
  Object.entries(
    ENDPOINTS.reduce<Record<string, Method[]>>((paths, { path, method }) => ({ ...paths, [path]: [...(paths[path] ?? []), method] }), {
      [OPENAPI_PATH]: ["GET"],
    }),
  ).map(([path, methods]) => [
    path,
    METHOD_ORDER.filter((method) => methods.includes(method))
      .flatMap((method) => (method === "GET" ? ["GET", "HEAD"] : [method]))
      .join(", "),
  ]),
);
