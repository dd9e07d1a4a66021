/**
 * What every TM Forum API of Tierline shares (TMF629, TMF621, …): merge-patch bodies and errors as
 * problem+json with the TMF Error members (`@type: 'Error'`, `reason`, `message`), fields renamed
 * to the TMF attributes the client sent.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldIssue } from '../domain/errors.ts';
import { sendProblem, toProblem } from './problem.ts';

/** The origin of a request, for absolute `href`s. */
export const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/**
 * Registers, in the encapsulated context `tmf`, the `application/merge-patch+json` parser and the
 * TMF error handler; `fieldOf` maps REST field names to the API's attributes.
 */
export function registerTmfConventions(
  tmf: FastifyInstance,
  fieldOf: Readonly<Record<string, string>>,
): void {
  const tmfIssues = (errors: FieldIssue[]): FieldIssue[] =>
    errors.map((e) => ({ ...e, field: fieldOf[e.field] ?? e.field }));
  tmf.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body === '' ? {} : JSON.parse(body as string));
    } catch {
      done(Object.assign(new Error('The body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
  tmf.setErrorHandler((error, request, reply: FastifyReply) => {
    const problem = toProblem(error, request);
    const errors = problem.errors ? tmfIssues(problem.errors) : undefined;
    return sendProblem(reply, {
      ...problem,
      ...(errors ? { errors } : {}),
      '@type': 'Error',
      reason: problem.title,
      message: problem.detail,
    });
  });
}
