/** Turning schema violations into one clear, field-named error, for HTTP and file imports alike. */
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { InputError } from './convert.js';
import { ISO_DATE_TIME } from './schemas.js';

/** The shape shared by TypeBox's and Ajv's validation errors. */
export interface SchemaViolation {
  keyword: string;
  instancePath: string;
  params?: Record<string, unknown>;
  message?: string;
}

/** Picks the most telling violation and phrases it for a person, naming the field. */
export function describeViolations(violations: readonly SchemaViolation[], where = ''): InputError {
  const unknownField = violations.find((v) => v.keyword === 'additionalProperties');
  if (unknownField) {
    const name = (unknownField.params?.additionalProperty ?? (unknownField.params?.additionalProperties as string[] | undefined)?.[0]) as
      | string
      | undefined;
    const path = `${where}${unknownField.instancePath}/${name ?? ''}`;
    return new InputError(path, 'is not a known field');
  }
  const v = violations.find((x) => x.keyword !== 'boolean') ?? violations[0];
  if (!v) return new InputError(where || '/', 'does not match the schema');
  const field = `${where}${v.instancePath}` || '/';
  const missing = v.keyword === 'required' ? (v.params?.missingProperty ?? (v.params?.requiredProperties as string[] | undefined)?.[0]) : undefined;
  if (missing !== undefined) return new InputError(`${field === '/' ? '' : field}/${String(missing)}`, 'is required');
  if (v.keyword === 'pattern' && v.params?.pattern === ISO_DATE_TIME) {
    return new InputError(field, 'must be an ISO 8601 date-time, e.g. 2026-03-01T12:00:00Z');
  }
  if (v.keyword === 'enum') {
    const allowed = (v.params?.allowedValues as unknown[] | undefined)?.map((a) => JSON.stringify(a)).join(', ');
    return new InputError(field, `must be one of ${allowed}`);
  }
  return new InputError(field, v.message ?? 'does not match the schema');
}

export interface WireValidator<S extends TSchema> {
  /** Returns the value typed, or throws an InputError naming the first bad field. */
  parse(value: unknown, where?: string): Static<S>;
}

export function wireValidator<S extends TSchema>(schema: S): WireValidator<S> {
  const compiled = Compile(schema);
  return {
    parse(value, where = '') {
      if (compiled.Check(value)) return value as Static<S>;
      throw describeViolations(compiled.Errors(value) as SchemaViolation[], where);
    },
  };
}
