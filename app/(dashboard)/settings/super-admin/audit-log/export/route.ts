// GET /settings/super-admin/audit-log/export?…: the filtered audit log as CSV, for super admins.
// Anyone else, and a download another site started, gets the same 404 as a page that does not exist.
import { startedByAnotherSite } from "@/lib/api-activity";
import { exportAuditLog, parseAuditLogParams } from "@/lib/audit-log";
import { csvDownload } from "@/lib/csv";
import { ukDate } from "@/lib/key-expiry";
import { getCurrentUser, isSuperAdmin } from "@/lib/session";
import { SessionEndedError } from "@/lib/sessions";

export async function GET(request: Request) {
  // Another site may not start a download (and a recorded export) in a signed-in browser.
  if (startedByAnotherSite(request.headers)) return new Response("Not found", { status: 404 });
  const user = await getCurrentUser();
  if (!user || !isSuperAdmin(user)) return new Response("Not found", { status: 404 });
  const filters = parseAuditLogParams(Object.fromEntries(new URL(request.url).searchParams));
  let csv: string;
  try {
    csv = await exportAuditLog(user, filters);
  } catch (error) {
    // Its session ended after the check above: as if it had ended before.
    if (error instanceof SessionEndedError) return new Response("Not found", { status: 404 });
    throw error;
  }
  return csvDownload(csv, `hero-audit-log-${ukDate()}.csv`);
}
