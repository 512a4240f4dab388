import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';

export const ROLES = ['operator', 'auditor', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller; the only source of an event's actor and role. */
export interface Caller {
  sub: string;
  role: Role;
}

export const ROLES_KEY = 'trial-ledger:roles';
export const PUBLIC_KEY = 'trial-ledger:public';

export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const request = ctx.switchToHttp().getRequest<{ caller?: Caller }>();
  if (!request.caller) throw new Error('CurrentCaller used on a route without authentication');
  return request.caller;
});
