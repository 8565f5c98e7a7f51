-- CreateIndex
CREATE INDEX "appointment_slots_practiceGroupId_appointmentType_idx" ON "appointment_slots"("practiceGroupId", "appointmentType");

