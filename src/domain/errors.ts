/**
 * The one catalog of stable error codes. Each code is rendered by the HTTP edge as RFC 9457
 * problem+json with this `code`; the UI translates by code. Add a code here, and the compiler
 * forces `src/http/problem.ts` to map it to a status.
 */
export const ErrorCode = {
  /** A request's body, query or params failed validation; `errors` names each field. */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** No valid session cookie or bearer token was presented. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** Username or password wrong, or the account is disabled. */
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  /** The caller's role may not perform this operation, or the record is outside its scope. */
  FORBIDDEN: 'FORBIDDEN',
  /** The addressed record does not exist (or is invisible to the caller). */
  NOT_FOUND: 'NOT_FOUND',
  /** The change conflicts with the current state (duplicate key, stale version). */
  CONFLICT: 'CONFLICT',
  /** Too many requests (login attempts) from one client in the window. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A calendar day string is not a real date in YYYY-MM-DD form. */
  INVALID_DATE: 'INVALID_DATE',
  /** A date range runs backwards (`to` before `from`). */
  INVALID_RANGE: 'INVALID_RANGE',
  /** An imported holiday schedule is malformed; `errors` lists every problem. Nothing was changed. */
  CALENDAR_SCHEDULE_INVALID: 'CALENDAR_SCHEDULE_INVALID',
  /** A business-hours clock definition is malformed (overlapping or empty windows). */
  INVALID_CLOCK: 'INVALID_CLOCK',
  /** A payload is too large or of an unsupported media type. */
  UNSUPPORTED_MEDIA: 'UNSUPPORTED_MEDIA',
  /** A group hierarchy change would make a customer its own ancestor. */
  HIERARCHY_CYCLE: 'HIERARCHY_CYCLE',
  /** An import file has bad rows; `errors` lists each (line, field, reason). Nothing was imported. */
  IMPORT_INVALID: 'IMPORT_INVALID',
  /** An AHP pairwise matrix is inconsistent (consistency ratio ≥ 0.10). */
  AHP_INCONSISTENT: 'AHP_INCONSISTENT',
  /** A value model definition is malformed (weights, methods, cut points); `errors` names each field. */
  MODEL_INVALID: 'MODEL_INVALID',
  /** An assessment run is already in progress. */
  ASSESSMENT_RUNNING: 'ASSESSMENT_RUNNING',
  /** The tier proposal was already approved, rejected or superseded. */
  PROPOSAL_DECIDED: 'PROPOSAL_DECIDED',
  /** A service catalog version is malformed (unknown item or level, bad period, negative time, past effective date); `errors` names each field. */
  CATALOG_INVALID: 'CATALOG_INVALID',
  /** Issuing a resource would exceed its budget for the period; `details.remaining` says what is left. */
  BUDGET_EXCEEDED: 'BUDGET_EXCEEDED',
  /** The mandatory-action task is already completed or cancelled. */
  TASK_CLOSED: 'TASK_CLOSED',
  /** A ticket status change the lifecycle does not allow (e.g. closed → inProgress without reopen). */
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  /** A service-desk configuration (routes, SLA definitions, ladders) that does not hold together. */
  DESK_CONFIG_INVALID: 'DESK_CONFIG_INVALID',
  /** A return visit already recorded or cancelled. */
  VISIT_CLOSED: 'VISIT_CLOSED',
  /** An outage that overlaps another on the same circuit. */
  OUTAGE_OVERLAP: 'OUTAGE_OVERLAP',
  /** A step of a compensation slip (or an approval) by the user who raised or stated it: four eyes. */
  SELF_APPROVAL: 'SELF_APPROVAL',
  /** Anything unexpected; details are logged, never shown. */
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One field-level problem: `field` is a dotted path such as `days[3].date` or `query.from`. */
export type FieldIssue = { field: string; message: string };

/** A failure that the caller can understand and act on; `message` is safe to show. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldIssue[];
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    errors: FieldIssue[] = [],
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.errors = errors;
    this.details = details;
  }
}
