/**
 * The typed fetch client. Same origin, with the httpOnly `tierline_session` cookie sent by the
 * browser (`credentials: 'include'`); the token is never read or stored by the UI.
 * Every non-2xx answer becomes an `ApiError` carrying the problem+json body.
 */

/** Stable error codes rendered by the server (`src/domain/errors.ts`); the UI translates by these. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'INVALID_DATE',
  'INVALID_RANGE',
  'CALENDAR_SCHEDULE_INVALID',
  'INVALID_CLOCK',
  'UNSUPPORTED_MEDIA',
  'HIERARCHY_CYCLE',
  'IMPORT_INVALID',
  'AHP_INCONSISTENT',
  'MODEL_INVALID',
  'ASSESSMENT_RUNNING',
  'PROPOSAL_DECIDED',
  'CATALOG_INVALID',
  'BUDGET_EXCEEDED',
  'TASK_CLOSED',
  'ILLEGAL_TRANSITION',
  'DESK_CONFIG_INVALID',
  'VISIT_CLOSED',
  'OUTAGE_OVERLAP',
  'SELF_APPROVAL',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type FieldIssue = { field: string; message: string };

/** RFC 9457 problem details as the server renders them. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  requestId?: string;
  errors?: FieldIssue[];
};

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  get code(): string | undefined {
    return this.problem.code;
  }

  get fieldIssues(): FieldIssue[] {
    return this.problem.errors ?? [];
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export const API_BASE = '/api/v1';
/** The TMF Open APIs (`/tmf-api/troubleTicket/v5/…`), same origin, same session. */
export const TMF_BASE = '/tmf-api';

type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export type RequestOptions = {
  query?: Query;
  /** A JSON body; serialised with `application/json`. */
  json?: unknown;
  /** A raw body (for uploads), sent with `contentType`. */
  body?: BodyInit;
  contentType?: string;
  signal?: AbortSignal;
  /** The path prefix; `API_BASE` unless the endpoint lives elsewhere (the TMF APIs: `TMF_BASE`). */
  base?: string;
};

export type ApiResponse<T> = { data: T; headers: Headers; status: number };

/** A page of a list endpoint: the rows plus `X-Total-Count`. */
export type Page<T> = { items: T[]; total: number };

let onUnauthenticated: (() => void) | undefined;

/**
 * Registers what happens when the server answers 401 to anything but a login attempt:
 * the session store clears the user and the layout redirects to /login.
 */
export function setUnauthenticatedHandler(handler: (() => void) | undefined): void {
  onUnauthenticated = handler;
}

/** Builds `/api/v1/path?query` (or `<base>/path?query`), leaving out empty values. */
export function buildUrl(path: string, query?: Query, base: string = API_BASE): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const search = params.toString();
  return `${base}${path}${search ? `?${search}` : ''}`;
}

async function readProblem(response: Response): Promise<Problem> {
  const fallback: Problem = {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
  };
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return fallback;
  try {
    const body = (await response.json()) as Partial<Problem> | null;
    if (!body || typeof body !== 'object') return fallback;
    return { ...fallback, ...body, status: body.status ?? response.status };
  } catch {
    return fallback;
  }
}

/** Sends one request and returns the parsed body (undefined for 204) with the headers. */
export async function apiRequest<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    if (options.contentType) headers['content-type'] = options.contentType;
    body = options.body;
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query, options.base), {
      method,
      headers,
      body,
      credentials: 'include',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new NetworkError(cause);
  }

  if (!response.ok) {
    const problem = await readProblem(response);
    if (response.status === 401 && problem.code !== 'INVALID_CREDENTIALS') onUnauthenticated?.();
    throw new ApiError(problem);
  }

  const text = response.status === 204 ? '' : await response.text();
  const data = (text ? JSON.parse(text) : undefined) as T;
  return { data, headers: response.headers, status: response.status };
}

/** The server could not be reached at all (offline, proxy down). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('Network request failed', { cause });
    this.name = 'NetworkError';
  }
}

export const api = {
  get: async <T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> =>
    (await apiRequest<T>('GET', path, { query, signal })).data,

  /** GET a list endpoint that reports its full size in `X-Total-Count`. */
  getPage: async <T>(path: string, query?: Query, signal?: AbortSignal): Promise<Page<T>> => {
    const { data, headers } = await apiRequest<T[]>('GET', path, { query, signal });
    const items = Array.isArray(data) ? data : [];
    const header = headers.get('x-total-count');
    const total = header === null || header.trim() === '' ? Number.NaN : Number(header);
    return { items, total: Number.isInteger(total) && total >= 0 ? total : items.length };
  },

  post: async <T>(path: string, json?: unknown, query?: Query): Promise<T> =>
    (await apiRequest<T>('POST', path, { json, query })).data,

  patch: async <T>(path: string, json: unknown): Promise<T> =>
    (await apiRequest<T>('PATCH', path, { json })).data,

  /** POST a raw body (an uploaded file) with its own content type. */
  upload: async <T>(path: string, body: BodyInit, contentType: string, query?: Query): Promise<T> =>
    (await apiRequest<T>('POST', path, { body, contentType, query })).data,
};
