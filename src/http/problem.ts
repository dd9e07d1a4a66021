/**
 * RFC 9457 problem+json: every error leaves the server in this shape, with a stable `code`
 * from the catalog in src/domain/errors.ts. Unknown errors are logged and answered as a bare 500.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type ErrorCode, type FieldIssue } from '../domain/errors.ts';

/** HTTP status per code; `Record` makes the compiler demand a status for every new code. */
export const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INVALID_DATE: 400,
  INVALID_RANGE: 400,
  CALENDAR_SCHEDULE_INVALID: 400,
  INVALID_CLOCK: 400,
  UNSUPPORTED_MEDIA: 415,
  HIERARCHY_CYCLE: 400,
  IMPORT_INVALID: 400,
  AHP_INCONSISTENT: 400,
  MODEL_INVALID: 400,
  ASSESSMENT_RUNNING: 409,
  PROPOSAL_DECIDED: 409,
  CATALOG_INVALID: 400,
  BUDGET_EXCEEDED: 409,
  TASK_CLOSED: 409,
  ILLEGAL_TRANSITION: 409,
  DESK_CONFIG_INVALID: 400,
  VISIT_CLOSED: 409,
  OUTAGE_OVERLAP: 409,
  SELF_APPROVAL: 403,
  INTERNAL: 500,
};

const TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'Invalid request',
  UNAUTHENTICATED: 'Not signed in',
  INVALID_CREDENTIALS: 'Wrong username or password',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  RATE_LIMITED: 'Too many requests',
  INVALID_DATE: 'Invalid date',
  INVALID_RANGE: 'Invalid range',
  CALENDAR_SCHEDULE_INVALID: 'Invalid holiday schedule',
  INVALID_CLOCK: 'Invalid business-hours clock',
  UNSUPPORTED_MEDIA: 'Unsupported media',
  INTERNAL: 'Internal error',
  HIERARCHY_CYCLE: 'Hierarchy cycle',
  IMPORT_INVALID: 'Import refused',
  AHP_INCONSISTENT: 'Inconsistent comparisons',
  MODEL_INVALID: 'Invalid value model',
  ASSESSMENT_RUNNING: 'Assessment running',
  PROPOSAL_DECIDED: 'Already decided',
  CATALOG_INVALID: 'Invalid service catalog',
  BUDGET_EXCEEDED: 'Over budget',
  TASK_CLOSED: 'Task already closed',
  ILLEGAL_TRANSITION: 'Status change not allowed',
  DESK_CONFIG_INVALID: 'Invalid service-desk configuration',
  VISIT_CLOSED: 'Return visit already closed',
  OUTAGE_OVERLAP: 'Outage overlaps another',
  SELF_APPROVAL: 'Approval by the same person',
};

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ErrorCode;
  requestId: string;
  errors?: FieldIssue[];
  [extra: string]: unknown;
};

export function problemOf(
  code: ErrorCode,
  detail: string,
  request: FastifyRequest,
  errors: FieldIssue[] = [],
  extra: Record<string, unknown> = {},
): Problem {
  // extra members never replace the problem's own (a detail named `status` once became the HTTP status)
  const extras: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(extra)) if (!RESERVED.has(key)) extras[key] = value;
  return {
    ...extras,
    type: `https://tierline.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[code],
    status: STATUS[code],
    detail,
    instance: request.url,
    code,
    requestId: String(request.id),
    ...(errors.length > 0 ? { errors } : {}),
  };
}

/** The members every problem has; a DomainError's details may add others, not change these. */
const RESERVED = new Set(['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId', 'errors']);

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type('application/problem+json').send(problem);
}

/** The query/body key named by a validation issue, e.g. `days` or `days[0].date`. */
function fieldPath(instancePath: string | undefined): string {
  const parts = (instancePath ?? '').split('/').filter((p) => p !== '');
  return parts.reduce<string>((acc, key) => {
    if (/^\d+$/.test(key)) return `${acc}[${key}]`;
    return acc === '' ? key : `${acc}.${key}`;
  }, '');
}

type ZodIssueLike = {
  message?: string;
  keyword?: string;
  instancePath?: string;
  params?: { keys?: unknown };
};

/** Turns any error into a problem; unknown ones are logged and hidden. */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  if (error instanceof DomainError) {
    return problemOf(error.code, error.message, request, error.errors, error.details ?? {});
  }
  const fe = error as FastifyError & { validation?: ZodIssueLike[]; validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = fe.validationContext ?? 'request';
    const errors = (fe.validation ?? []).flatMap((v): FieldIssue[] => {
      const base = fieldPath(v.instancePath);
      const keys = v.params?.keys;
      if (v.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
        return keys.map((k: unknown) => ({
          field: base ? `${base}.${String(k)}` : String(k),
          message: `Unknown ${where === 'querystring' ? 'query' : where} field`,
        }));
      }
      return [{ field: base || where, message: v.message ?? 'invalid' }];
    });
    const names = errors.map((e) => e.field).join(', ');
    return problemOf('VALIDATION_FAILED', `Invalid ${where}: ${names}`, request, errors);
  }
  if (fe.statusCode === 429) return problemOf('RATE_LIMITED', fe.message, request);
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.statusCode === 415) {
    return problemOf('UNSUPPORTED_MEDIA', fe.message, request);
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) {
    return { ...problemOf('UNSUPPORTED_MEDIA', 'The request body is too large', request), status: 413 };
  }
  if (fe.statusCode === 400) {
    // Fastify's own 400s (malformed JSON, empty body with a JSON type).
    return problemOf('VALIDATION_FAILED', fe.message, request, [{ field: 'body', message: fe.message }]);
  }
  if (fe.statusCode === 404) return problemOf('NOT_FOUND', fe.message, request);
  request.log.error({ err: error }, 'unhandled error');
  return problemOf('INTERNAL', 'An unexpected error occurred; it has been logged.', request);
}
