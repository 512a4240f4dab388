import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException, problem } from '../problem/problem';
import { InvalidTokenError, verifyToken } from './jwt';
import { Caller, PUBLIC_KEY, ROLES_KEY, Role } from './roles';

/** `Authorization: Bearer <JWT>`, the token in group 1. */
export const BEARER = /^Bearer ([A-Za-z0-9_.-]+)$/;

export abstract class AuthSettings {
  abstract readonly jwtSecret: string;
}

/** Every route needs a valid bearer token unless marked @Public(); @Roles() narrows who may call it. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly settings: AuthSettings,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; caller?: Caller }>();
    const caller = this.authenticate(request.headers.authorization);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!roles.includes(caller.role)) {
      throw new ProblemException(
        problem(403, 'forbidden', 'Forbidden', {
          detail: `Role ${caller.role} may not do this; allowed: ${roles.join(', ') || 'none'}`,
        }),
      );
    }
    request.caller = caller;
    return true;
  }

  private authenticate(header: string | undefined): Caller {
    const match = BEARER.exec(header ?? '');
    if (!match) throw unauthorized('A bearer token is required (Authorization: Bearer <JWT>)');
    try {
      return verifyToken(this.settings.jwtSecret, match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthorized(`The token is not valid: ${error.message}`);
      throw error;
    }
  }
}

const unauthorized = (detail: string): ProblemException =>
  new ProblemException(problem(401, 'unauthorized', 'Unauthorized', { detail }), { 'WWW-Authenticate': 'Bearer' });
