import type { Metadata } from "next";

import { SuperAdminTitle } from "@/components/super-admin/page-title";
import { PartnerFormDialog } from "@/components/support/partner-form-dialog";
import { PartnersTable } from "@/components/support/partners-table";
import { listPartnersForSupport } from "@/lib/partner-admin";
import { requireSuperAdmin } from "@/lib/session";

export const metadata: Metadata = { title: "Partners · Super admin" };

export default async function SupportPartnersPage() {
  await requireSuperAdmin();
  const partners = await listPartnersForSupport();

  return (
    <>
      <SuperAdminTitle title="Partners">
        <PartnerFormDialog />
      </SuperAdminTitle>
      <p className="text-sm text-slate-600">
        The partners practices can connect in Apps, and the scopes each may be granted (partners email Hero support with the scopes they need).
      </p>
      <PartnersTable partners={partners} />
    </>
  );
}
