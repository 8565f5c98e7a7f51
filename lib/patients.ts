// Which patients an API call may name. A call acts for one practice group, but the seeds'
// primary cross-organisational use is a practice inviting *its own* patients to book at its
// network's hub site. So a patient may belong to the acting practice group or to the key's own
// practice group — never to any other member of the network.
import { prisma, type Tx } from "@/lib/db";
import { notFound } from "@/lib/domain-error";
import type { WriteAccess } from "@/lib/ledger";

/** A patient named by Hero's id or by NHS number (the API's request bodies). */
export type PatientRef = { patient_id?: string; nhs_number?: string };

export type PatientScope = { actingPracticeGroupId: string; keyPracticeGroupId: string };

/** Who writes through the API: the scope, the key, and the request to record in the ledger with the change. */
export type ApiWriter = PatientScope & {
  keyId: string;
  access?: WriteAccess;
  /** Checks the caller again and holds it live until the write commits (lib/api/auth.ts holdCaller). */
  hold: (tx: Tx) => Promise<void>;
};

/** An API write's transaction: the caller is held live before anything is written. */
export function apiWrite<T>(writer: ApiWriter, write: (tx: Tx) => Promise<T>): Promise<T> {
  return prisma.$transaction(async (tx) => {
    await writer.hold(tx);
    return write(tx);
  });
}

/** The practice groups whose patients a call may name: the acting one and the key's own. */
function patientGroupIds({ actingPracticeGroupId, keyPracticeGroupId }: PatientScope) {
  return [...new Set([actingPracticeGroupId, keyPracticeGroupId])];
}

/**
 * The acting practice group's records a call may read or change: all of them with the group's
 * own key; on a cross-organisational call, only those of the patients it may name, so a hub's
 * links, messages and appointments for another member's patients stay out of reach.
 */
export function visibleRecords(scope: PatientScope) {
  if (scope.actingPracticeGroupId === scope.keyPracticeGroupId) return { practiceGroupId: scope.actingPracticeGroupId };
  return { practiceGroupId: scope.actingPracticeGroupId, patient: { practiceGroupId: { in: patientGroupIds(scope) } } };
}

/** The patient a call names; an API call's ledger row names it from here on, whatever the call's outcome. */
export async function getPatientOrThrow(ref: PatientRef, scope: PatientScope & { access?: WriteAccess }) {
  const patients = await prisma.patient.findMany({
    where: {
      practiceGroupId: { in: patientGroupIds(scope) },
      ...(ref.patient_id ? { id: ref.patient_id } : { nhsNumber: ref.nhs_number }),
    },
    select: { id: true, practiceGroupId: true },
  });
  // One NHS number can be registered in both groups: the acting practice group's record wins.
  const patient = patients.find((p) => p.practiceGroupId === scope.actingPracticeGroupId) ?? patients[0];
  if (!patient) throw notFound("Patient");
  scope.access?.patients?.add(patient.id);
  return patient;
}
