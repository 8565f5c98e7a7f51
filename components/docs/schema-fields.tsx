import { constraintsOf, objectOf, typeOf, type JsonSchema } from "@/components/docs/openapi-view";
import { TextWithCode } from "@/components/docs/text-with-code";

/** `oneOf`: the fields of which exactly one must be sent, this among them (patient_id or nhs_number). */
export type Field = { name: string; schema: JsonSchema; required: boolean; oneOf?: string[]; description?: string };

export function fieldsOf(schema: JsonSchema): Field[] {
  const oneOf = schema.oneOf?.flatMap((alternative) => alternative.required ?? []) ?? [];
  return Object.entries(schema.properties ?? {}).map(([name, field]) => ({
    name,
    schema: field,
    required: schema.required?.includes(name) ?? false,
    ...(oneOf.includes(name) ? { oneOf } : {}),
  }));
}

/**
 * Fields as a list (name, type, notes), nested objects indented below their field. Fields the
 * caller sends say required or optional; fields of a response only say when they may be absent.
 */
export function SchemaFields({ fields, sent, depth = 0 }: { fields: Field[]; sent: boolean; depth?: number }) {
  if (!fields.length) return null;
  return (
    <ul className={`list-none! divide-y divide-slate-200 text-sm ${depth ? "mt-2 ml-1 border-l-2 border-slate-200 pl-3!" : "border-y border-slate-200 pl-0!"}`}>
      {fields.map(({ name, schema, required, oneOf, description }) => {
        const nested = depth < 3 ? objectOf(schema) : null;
        const notes = [description ?? schema.description, ...constraintsOf(schema)].filter(Boolean) as string[];
        return (
          <li key={name} className="py-2">
            <p className="flex flex-wrap items-baseline gap-x-2">
              <code className="font-mono font-semibold [overflow-wrap:anywhere]">{name}</code>
              <span className="font-mono text-xs text-slate-600 [overflow-wrap:anywhere]">{typeOf(schema)}</span>
              {sent && required && <span className="text-xs font-semibold text-red-800">required</span>}
              {sent && oneOf && <span className="text-xs font-semibold text-red-800">required: exactly one of {oneOf.join(", ")}</span>}
              {!required && !(sent && oneOf) && <span className="text-xs text-slate-600">{sent ? "optional" : "may be absent"}</span>}
            </p>
            {notes.length > 0 && (
              <p className="mt-0.5 text-slate-700">
                {notes.map((note, index) => (
                  <span key={index}>
                    {index > 0 && " · "}
                    <TextWithCode text={note} />
                  </span>
                ))}
              </p>
            )}
            {nested && <SchemaFields fields={fieldsOf(nested)} sent={sent} depth={depth + 1} />}
          </li>
        );
      })}
    </ul>
  );
}
