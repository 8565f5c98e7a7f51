// A partner creates a booking link through the API; the patient opens it, chooses a free
// appointment and books it; the link then shows the booking and cannot book again.
import { expect, test } from "@playwright/test";

import { createPractice } from "../tests/support/practices";
import { createNetwork, createPatient, createSlot } from "../tests/support/records";
import { apiHeaders, connect } from "./api/helpers/partner-api";

test("a patient books through a booking link, once", async ({ page, request }) => {
  const { key, practice } = await connect(["booking_links", "booking"]);
  const headers = apiHeaders({ key, practiceGroupId: practice.id });
  const patient = await createPatient(practice.id);
  const slot = (await createSlot(practice.id)).id;
  const created = await request.post("/api/v1/booking-links", { headers, data: { patient_id: patient.id, appointment_type: "GP consultation" } });
  expect(created.status()).toBe(201);
  const { url } = (await created.json()).data as { url: string };

  await page.goto(url);
  await expect(page.getByRole("heading", { name: "Book a GP consultation" })).toBeVisible();
  await expect(page.getByText(`Hello Test.`)).toBeVisible();
  const choices = page.getByRole("radio");
  await expect(choices).toHaveCount(1);
  await choices.first().check();
  await page.getByRole("button", { name: "Book appointment" }).click();
  await expect(page.getByRole("heading", { name: "Your appointment is booked" })).toBeVisible();
  await expect(page.getByText("GP consultation with Dr Test")).toBeVisible();

  const appointments = await request.get("/api/v1/appointments", { headers });
  expect((await appointments.json()).data).toEqual([expect.objectContaining({ slot_id: slot, patient_id: patient.id, status: "booked" })]);
  await page.reload();
  await expect(page.getByRole("button", { name: "Book appointment" })).toHaveCount(0);
});

test("a link that is not one says so, without a stack or a 500", async ({ page }) => {
  const response = await page.goto("/book/not-a-real-link");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "This booking link is not valid" })).toBeVisible();
});

test("a cross-organisational link names the practice whose slots it offers, on the page and the confirmation", async ({ page, request }) => {
  const { key, practice: member } = await connect(["booking_links"]);
  const hub = await createPractice();
  await createNetwork([member.id, hub.id]);
  const patient = await createPatient(member.id);
  await createSlot(hub.id);
  const created = await request.post("/api/v1/booking-links", {
    headers: apiHeaders({ key, practiceGroupId: hub.id }),
    data: { patient_id: patient.id, appointment_type: "GP consultation" },
  });
  expect(created.status()).toBe(201);
  await page.goto((await created.json()).data.url);
  await expect(page.getByText(hub.name, { exact: true })).toBeVisible();
  await expect(page.getByText(member.name)).toHaveCount(0);
  await page.getByRole("radio").first().check();
  await page.getByRole("button", { name: "Book appointment" }).click();
  await expect(page.getByRole("heading", { name: "Your appointment is booked" })).toBeVisible();
  await expect(page.getByText(hub.name, { exact: true })).toBeVisible();
});
