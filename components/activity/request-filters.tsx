import { PatientSearchForm } from "@/components/activity/patient-search-form";
import { OUTCOME_FILTERS } from "@/lib/api-activity";
import { ENDPOINTS } from "@/lib/api/endpoints";

type Values = { outcome: string; endpoint: string };

const FIELD = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm";

/** Filters of a partner's request list: a filtered list has its own address, naming a patient by id. */
export function RequestFilters({ action, period, values, nhsNumber }: { action: string; period: string; values: Values; nhsNumber: string }) {
  return (
    <PatientSearchForm
      action={action}
      label="Patient (NHS number)"
      submitLabel="Filter"
      nhsNumber={nhsNumber}
      aria-label="Filter requests"
      className="grid gap-3 sm:grid-cols-[repeat(3,minmax(0,1fr))_auto] sm:items-end"
      inputClassName={FIELD}
    >
      <input type="hidden" name="period" value={period} />
      <div className="space-y-1">
        <label htmlFor="filter-outcome" className="block text-sm font-medium">
          Outcome
        </label>
        {/* Keyed by its value: a select's defaultValue is read once, so one kept across a navigation
            (Back, a period link) would go on showing a filter the list no longer has. */}
        <select key={values.outcome} id="filter-outcome" name="outcome" defaultValue={values.outcome} className={FIELD}>
          <option value="">All outcomes</option>
          {Object.entries(OUTCOME_FILTERS).map(([value, { label }]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="filter-endpoint" className="block text-sm font-medium">
          Endpoint
        </label>
        <select key={values.endpoint} id="filter-endpoint" name="endpoint" defaultValue={values.endpoint} className={FIELD}>
          <option value="">All endpoints</option>
          {ENDPOINTS.map(({ method, path }) => (
            <option key={`${method} ${path}`} value={`${method} ${path}`}>
              {method} {path}
            </option>
          ))}
        </select>
      </div>
    </PatientSearchForm>
  );
}
