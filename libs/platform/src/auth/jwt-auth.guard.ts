import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException, problem } from '../problem/problem';
import { BearerRequest, callerOfRequest } from './request-caller';
import { Caller, PUBLIC_KEY, ROLES_KEY, Role } from './roles';
import { IdentityProviderUnreachableError, InvalidTokenError, NoRoleError, TokenVerifier } from './token-verifier';

export { BEARER } from './request-caller';

/** Every route needs a valid bearer token unless marked @Public(); @Roles() narrows who may call it. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<BearerRequest & { caller?: Caller }>();
    const caller = await this.authenticate(request);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!roles.includes(caller.role)) {
      throw forbidden(`Role ${caller.role} may not do this; allowed: ${roles.join(', ') || 'none'}`);
    }
    request.caller = caller;
    return true;
  }

  private async authenticate(request: BearerRequest): Promise<Caller> {
    const caller = callerOfRequest(this.verifier, request);
    if (caller === undefined) throw unauthorized('A bearer token is required (Authorization: Bearer <JWT>)');
    try {
      return await caller;
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthorized(`The token is not valid: ${error.message}`);
      if (error instanceof IdentityProviderUnreachableError) throw unauthorized(`Identity provider unreachable: ${error.message}`);
      if (error instanceof NoRoleError) throw forbidden(`The token grants no role here: ${error.message}`);
      throw error;
    }
  }
}

const unauthorized = (detail: string): ProblemException =>
  new ProblemException(problem(401, 'unauthorized', 'Unauthorized', { detail }), { 'WWW-Authenticate': 'Bearer' });

const forbidden = (detail: string): ProblemException => new ProblemException(problem(403, 'forbidden', 'Forbidden', { detail }));
