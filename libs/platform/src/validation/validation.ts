import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidationOptions, registerDecorator } from 'class-validator';
import { ProblemException, problem } from '../problem/problem';

const flatten = (errors: ValidationError[], parent = ''): { field: string; message: string }[] =>
  errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });

/** Unknown fields are rejected, not silently dropped: an operator must learn that a field was ignored. */
export const strictValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const list = flatten(errors);
      return new ProblemException(problem(400, 'validation-failed', 'The request is not valid', {
        detail: list.map((e) => `${e.field}: ${e.message}`).join('; '),
        errors: list,
      }));
    },
  });

export const IsPartialDateString = (check: (v: unknown) => boolean, options?: ValidationOptions) =>
  (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'isPartialDate',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a real date as yyyy, yyyy-MM or yyyy-MM-dd`, ...options },
      validator: { validate: (value: unknown) => check(value) },
    });
