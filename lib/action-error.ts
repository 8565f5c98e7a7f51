import { DomainError } from "@/lib/domain-error";

/** A refusal of a dashboard action, shown to the person who acted (against `field` when given). */
export class ActionError extends DomainError {
  constructor(message: string, field?: string) {
    super("invalid", message, field);
    this.name = "ActionError";
  }
}
