// One example call per endpoint: its path id, query, body and the response it answers with. The
// OpenAPI document carries them (the linter checks them against the schemas), the docs print
// them and build the curl, Node.js and Ruby samples from them. Typed by the endpoint's schemas,
// and tests/api/openapi.test.ts parses each one with them. Names are the seeded demo data's.
import type { z } from "zod";

import type { EndpointName, endpoints, RESPONSE_SCHEMAS } from "@/lib/api/endpoints";
import { TOKEN_TTL_SECONDS } from "@/lib/limits";

type Entry<K extends EndpointName> = (typeof endpoints)[K];
type BodyOf<K extends EndpointName> = Entry<K> extends { body: infer B extends z.ZodType } ? z.input<B> : never;
type QueryOf<K extends EndpointName> = Entry<K> extends { query: infer Q extends z.ZodType } ? { [P in keyof z.input<Q>]?: string | number } : never;

export type EndpointExample<K extends EndpointName> = {
  /** The `{id}` in the path, when it has one. */
  id?: string;
  query?: QueryOf<K>;
  body?: BodyOf<K>;
  response: z.output<(typeof RESPONSE_SCHEMAS)[Entry<K>["response"]["schema"]]>;
};

const RIVERSIDE = { id: "0c5516b8-3f2e-4a51-9d0c-7b9e2f1a6c34", name: "Riverside Medical Practice", code: "A81001" };
const HUB = { id: "5b7e2d90-41c6-4f3a-8e25-c1d9a4b70e18", name: "Riverside PCN Hub Site", code: "Y81001" };
const PATIENT_ID = "3d8f4a21-6b9c-4e07-b5d3-8a1f2c7e9b46";
const NHS_NUMBER = "9990000018";
const BOOKING_LINK_ID = "7a2c9e14-5d3b-4f68-9c01-e4b7a8d2f563";
const MESSAGE_ID = "b41e6d27-8c5a-4a93-b2f0-6d9c3e1a7f58";
const SLOT_ID = "e6c3a8f1-2b7d-4c59-a4e2-9f1b5d8c3a70";
const APPOINTMENT_ID = "4f9b2d63-a1e8-4c7f-8d35-b2a6e9c1f704";
const NOW = "2027-01-11T10:15:00.000Z";

const bookingLink = {
  id: BOOKING_LINK_ID,
  practice_group_id: RIVERSIDE.id,
  patient_id: PATIENT_ID,
  appointment_type: "Blood test",
  // The link's host is the deployment's dashboard (NEXTAUTH_URL); .example is reserved for examples.
  url: "https://hero.example/book/k4Xw9Qm2Lr7Tz1Vb8Nc5Hd3Fj6Gp0Sa2Ye4Ui7Oo1Pq",
  expires_at: "2027-01-18T10:15:00.000Z",
  status: "open" as const,
  appointment_id: null,
  created_at: NOW,
};
const message = {
  id: MESSAGE_ID,
  practice_group_id: RIVERSIDE.id,
  patient_id: PATIENT_ID,
  body: "Your blood test results are ready.",
  status: "queued" as const,
  created_at: NOW,
};
const slot = {
  id: SLOT_ID,
  practice_group_id: RIVERSIDE.id,
  starts_at: "2027-01-12T11:30:00.000Z",
  ends_at: "2027-01-12T11:45:00.000Z",
  appointment_type: "Blood test",
  clinician: "Nurse Jones",
};
const appointment = {
  id: APPOINTMENT_ID,
  practice_group_id: RIVERSIDE.id,
  slot_id: SLOT_ID,
  patient_id: PATIENT_ID,
  status: "booked" as const,
  starts_at: slot.starts_at,
  ends_at: slot.ends_at,
  appointment_type: slot.appointment_type,
  clinician: slot.clinician,
  created_at: NOW,
  cancelled_at: null,
};

export const EXAMPLES: { [K in EndpointName]: EndpointExample<K> } = {
  listPracticeGroups: {
    response: {
      data: {
        ...RIVERSIDE,
        networks: [{ id: "9f3a61c2-7d4e-4b85-a0f1-2e6c8d5b3a97", name: "Riverside Primary Care Network", code: "U81001", practice_groups: [RIVERSIDE, HUB] }],
      },
    },
  },
  createAccessToken: {
    response: {
      access_token: "hero_at_eyJraCI6IjNmOGEuLi4iLCJwZyI6IjBjNTUuLi4ifQ.c2lnbmF0dXJlLW9mLXRoZS1wYXlsb2Fk",
      token_type: "Bearer",
      expires_in: TOKEN_TTL_SECONDS,
      expires_at: new Date(Date.parse(NOW) + TOKEN_TTL_SECONDS * 1000).toISOString(),
    },
  },
  createBookingLink: { body: { nhs_number: NHS_NUMBER, appointment_type: "Blood test" }, response: { data: bookingLink } },
  listBookingLinks: { query: { limit: 20 }, response: { data: [bookingLink], next_cursor: null } },
  getBookingLink: { id: BOOKING_LINK_ID, response: { data: bookingLink } },
  stopBookingLink: { id: BOOKING_LINK_ID, response: { data: { ...bookingLink, expires_at: "2027-01-11T11:02:00.000Z", status: "stopped" as const } } },
  createMessage: { body: { patient_id: PATIENT_ID, body: message.body }, response: { data: message } },
  listMessages: { response: { data: [message], next_cursor: null } },
  getMessage: { id: MESSAGE_ID, response: { data: message } },
  listSlots: { query: { from: "2027-01-12T00:00:00Z", to: "2027-01-13T00:00:00Z" }, response: { data: [slot], next_cursor: null } },
  bookAppointment: { body: { slot_id: SLOT_ID, nhs_number: NHS_NUMBER }, response: { data: appointment } },
  listAppointments: { query: { status: "booked" }, response: { data: [appointment], next_cursor: null } },
  getAppointment: { id: APPOINTMENT_ID, response: { data: appointment } },
  cancelAppointment: { id: APPOINTMENT_ID, response: { data: { ...appointment, status: "cancelled", cancelled_at: "2027-01-11T11:02:00.000Z" } } },
};
