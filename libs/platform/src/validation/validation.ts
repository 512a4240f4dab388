import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidationOptions, registerDecorator } from 'class-validator';
import { ProblemException, problem } from '../problem/problem';

/**
 * class-validator reports every constraint a value fails, so a missing reason also "must be shorter than 1000
 * characters". What the value is comes first, then that it is not empty, then its bounds: each only once the one
 * before holds. Constraints not named here are of the first kind.
 */
const CONSTRAINT_ORDER: Readonly<Record<string, number>> = {
  isNotEmpty: 1,
  arrayNotEmpty: 1,
  maxLength: 2,
  minLength: 2,
  min: 2,
  max: 2,
  arrayMaxSize: 2,
  arrayMinSize: 2,
  arrayUnique: 2,
};

/** One message per field: "is required" for a value not given, else the most basic constraint it fails. */
const firstFault = (e: ValidationError, field: string): string | null => {
  const failed = Object.entries(e.constraints ?? {});
  if (failed.length === 0) return null;
  if (e.value === undefined) return `${field} is required`;
  const rank = ([name]: [string, string]) => CONSTRAINT_ORDER[name] ?? 0;
  return failed.reduce((best, next) => (rank(next) < rank(best) ? next : best))[1];
};

const flatten = (errors: ValidationError[], parent = ''): { field: string; message: string }[] =>
  errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const message = firstFault(e, field);
    return [...(message === null ? [] : [{ field, message }]), ...flatten(e.children ?? [], field)];
  });

const invalid = (list: { field: string; message: string }[]): ProblemException =>
  new ProblemException(
    problem(400, 'validation-failed', 'The request is not valid', {
      detail: list.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors: list,
    }),
  );

/** Nest's pipe deletes these keys silently, so the whitelist never sees them; no DTO declares one. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Far beyond any DTO (three levels); the pipe and class-transformer recurse, and 10,000 levels overflow the stack. */
export const MAX_INPUT_DEPTH = 32;
type Violation = { field: string; message: string };

const keyViolation = (key: string, field: string, value: unknown): Violation | null => {
  if (PROTOTYPE_KEYS.has(key)) return { field, message: `property ${key} should not exist` };
  // @IsOptional() lets null through to the commands, whose fields are a value or absent (a null date crashed
  // UpdateDates, a null correction reached the log and stopped the projection); no field of the API is nullable.
  if (value === null) return { field, message: 'must not be null; leave the field out instead' };
  return null;
};

/** Prototype keys, nulls and over-deep values in a parsed body or query; a loop, since the input may be deep. */
const shapeViolations = (value: unknown): Violation[] => {
  const found: Violation[] = [];
  const pending: [unknown, string, number][] = [[value, '', 0]];
  for (let next = pending.pop(); next && found.length < 20; next = pending.pop()) {
    const [current, path, depth] = next;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      found.push({ field: path, message: `must not be nested more than ${MAX_INPUT_DEPTH} levels deep` });
      continue;
    }
    for (const [key, child] of Object.entries(current)) {
      const field = path ? `${path}.${key}` : key;
      const violation = keyViolation(key, field, child);
      if (violation) found.push(violation);
      else pending.push([child, field, depth + 1]);
    }
  }
  return found;
};

/** Checks the raw shape first: what the pipe would drop, let through as absent, or choke on is a 400. */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const violations = metadata.type === 'body' || metadata.type === 'query' ? shapeViolations(value) : [];
    if (violations.length > 0) throw invalid(violations);
    return super.transform(value, metadata);
  }
}

/** Unknown fields are rejected, not silently dropped: an operator must learn that a field was ignored. */
export const strictValidationPipe = (): ValidationPipe =>
  new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // The value is read to tell a missing field from a wrong one; no answer echoes it.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => invalid(flatten(errors)),
  });

export const IsPartialDateString =
  (check: (v: unknown) => boolean, options?: ValidationOptions) =>
  (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'isPartialDate',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a real date as yyyy, yyyy-MM or yyyy-MM-dd`, ...options },
      validator: { validate: (value: unknown) => check(value) },
    });
