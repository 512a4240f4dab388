import { Injectable, PipeTransform } from '@nestjs/common';
import { isNctId } from '@trial-ledger/domain';
import { badRequest } from '@trial-ledger/platform';

@Injectable()
export class NctIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isNctId(value)) throw badRequest('nctId', 'must be "NCT" followed by 8 digits');
    return value;
  }
}

@Injectable()
export class SiteIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(value)) throw badRequest('siteId', 'must be 1 to 100 letters, digits, ".", "_" or "-"');
    return value;
  }
}
