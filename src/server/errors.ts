/**
 * One error shape for every failure: `{ statusCode, error, message, field? }`.
 * Input problems are 4xx naming the field; only our own faults are 500.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { EngineError } from '../pipeline/engine.js';
import { InputError } from '../wire/convert.js';
import { describeViolations, type SchemaViolation } from '../wire/validate.js';

export function errorBody(statusCode: number, message: string, field?: string) {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(field === undefined ? {} : { field }) };
}

/** Turns a schema failure into our error, with oversize batches as 413. */
function fromValidation(error: FastifyError): { status: number; field: string; message: string } {
  const violations = (error.validation ?? []) as SchemaViolation[];
  const context = error.validationContext ?? 'body';
  const prefix = context === 'body' ? '' : `/${context}`;
  const tooMany = violations.find((v) => v.keyword === 'maxItems' && /^\/(events|users|pins)$/.test(v.instancePath));
  if (tooMany) {
    return {
      status: 413,
      field: tooMany.instancePath,
      message: `${tooMany.instancePath}: a batch holds at most ${String(tooMany.params?.limit)} records; split it`,
    };
  }
  const input = describeViolations(violations, prefix);
  return { status: 400, field: input.field, message: input.message };
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const { status, field, message } = fromValidation(error);
      return reply.code(status).send(errorBody(status, message, field));
    }
    if (error instanceof InputError) return reply.code(error.statusCode).send(errorBody(error.statusCode, error.message, error.field));
    if (error instanceof EngineError) {
      const message = error.field ? `${error.field}: ${error.message}` : error.message;
      return reply.code(error.statusCode).send(errorBody(error.statusCode, message, error.field));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send(errorBody(status, error.message));
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody(500, 'internal error; see the server log'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody(404, `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
}
