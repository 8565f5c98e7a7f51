-- My Practice lists a patient's open booking links by patient, wherever they book. Not
-- CONCURRENTLY (migrations run as one transaction here): the table holds about 30 days of links,
-- so writes wait for seconds at most.
CREATE INDEX "booking_links_patientId_idx" ON "booking_links"("patientId");
