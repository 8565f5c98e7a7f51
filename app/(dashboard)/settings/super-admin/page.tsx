import type { Metadata } from "next";

import { SUPER_ADMIN_PAGES } from "@/components/navigation";
import { SettingsIndex } from "@/components/settings-index";
import { requireSuperAdmin } from "@/lib/session";

export const metadata: Metadata = { title: "Super admin" };

export default async function SuperAdminPage() {
  await requireSuperAdmin();
  return <SettingsIndex trail="Settings" title="Super admin" pages={SUPER_ADMIN_PAGES} />;
}
