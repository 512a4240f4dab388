import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors, applyDecorators } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, concatMap } from 'rxjs';
import { AccessAction } from '@trial-ledger/compliance';
import { Clock } from '@trial-ledger/ledger';
import { Caller } from '@trial-ledger/platform';
import { AccessLog } from '../application/access-log/access-log.port';
import { parametersOf, recordAccess } from '../application/access-log/record-access';

const RECORD_ACCESS = 'trial-ledger:record-access';

type AccessRequest = { caller?: Caller; params?: Record<string, string>; query?: Record<string, unknown> };

/**
 * Records a read of the audit trail in the access log once the route has its answer, before it is sent: a read
 * that could not be recorded is not served (the failure answers instead), and a refused one (400, 403, 404) reads
 * nothing and is not recorded.
 */
@Injectable()
export class RecordAccessInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly log: AccessLog,
    private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = this.reflector.get<AccessAction>(RECORD_ACCESS, context.getHandler());
    const { caller, params, query } = context.switchToHttp().getRequest<AccessRequest>();
    if (!caller) throw new Error('RecordAccess used on a route without authentication');
    return next.handle().pipe(
      concatMap(async (answer: unknown) => {
        await recordAccess(this.log, this.clock, {
          actor: caller.sub,
          role: caller.role,
          channel: 'http',
          action,
          nctId: params?.nctId ?? null,
          // A path's other parameters (the FHIR vread's revision) say what was read as much as a query's do.
          parameters: { ...parametersOf(query), ...pathParameters(params) },
        });
        return answer;
      }),
    );
  }
}

const pathParameters = (params: Record<string, string> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(params ?? {}).filter(([name]) => name !== 'nctId'));

/** Marks a route whose successful answers are recorded in the access log as `action`. */
export const RecordAccess = (action: AccessAction) =>
  applyDecorators(SetMetadata(RECORD_ACCESS, action), UseInterceptors(RecordAccessInterceptor));
