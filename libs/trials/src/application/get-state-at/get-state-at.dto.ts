import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** An instant with its zone, so that "as of" never depends on the server's local time. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export class GetStateAtDto {
  @ApiPropertyOptional({ description: 'Rebuild the state after this revision' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER)
  revision?: number;

  @ApiPropertyOptional({ description: 'Rebuild the state as recorded at this instant, e.g. 2024-01-31T00:00:00Z' })
  @IsOptional() @Matches(ISO_INSTANT, { message: 'asOf must be an ISO-8601 instant with a zone, e.g. 2024-01-31T12:00:00Z' })
  asOf?: string;
}
