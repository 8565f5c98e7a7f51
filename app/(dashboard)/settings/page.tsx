import type { Metadata } from "next";

import { MY_PRACTICE_PAGE, SUPER_ADMIN_PAGE } from "@/components/navigation";
import { SettingsIndex } from "@/components/settings-index";
import { isSuperAdmin, requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  return <SettingsIndex title="Settings" pages={isSuperAdmin(user) ? [MY_PRACTICE_PAGE, SUPER_ADMIN_PAGE] : [MY_PRACTICE_PAGE]} />;
}
