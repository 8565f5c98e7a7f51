import type { Metadata } from "next";

import { PartnerCards } from "@/components/apps/partner-cards";
import { listPartnersWithStatus } from "@/lib/partners";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Apps" };

export default async function AppsPage() {
  const user = await requireUser();
  const partners = await listPartnersWithStatus(user.practiceGroupId);

  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold">Apps</h1>
        <p className="mt-1 text-sm text-slate-600">
          Partners are third-party tools or services that integrate with your Hero Health system. Connecting a partner gives them controlled access to your
          practice data through Hero&apos;s API.
        </p>
      </div>
      <PartnerCards partners={partners} />
    </>
  );
}
