// GET /settings/keys/{id}/export?from&to: the key report as CSV. Anyone who may not see the report gets a plain 404.
import { keyReport, keyReportCsv, parseKeyReportRange, recordReportView, startedByAnotherSite } from "@/lib/api-activity";
import { csvDownload } from "@/lib/csv";
import { getCurrentUser } from "@/lib/session";
import { SessionEndedError } from "@/lib/sessions";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  // Another site may not start a download of patients' data (and a recorded view) in a signed-in browser.
  if (startedByAnotherSite(request.headers)) return new Response("Not found", { status: 404 });
  const user = await getCurrentUser();
  const range = parseKeyReportRange(Object.fromEntries(new URL(request.url).searchParams));
  const report = user ? await keyReport(user, (await params).id, range) : null;
  if (!user || !report) return new Response("Not found", { status: 404 });
  try {
    await recordReportView(user, report, range, "csv");
  } catch (error) {
    // Its session ended after the check above: as if it had ended before.
    if (error instanceof SessionEndedError) return new Response("Not found", { status: 404 });
    throw error;
  }
  return csvDownload(keyReportCsv(report), `key-report-${report.key.displayKey.slice(-4)}-${range.from}-${range.to}.csv`);
}
