import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsInstant } from '../get-history/history-filter.dto';
import { IsPartialDate } from '../../http/dto-parts';

/** An instant with its zone, so that "as of" never depends on the server's local time (the CLI checks with it too). */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export class GetStateAtDto {
  @ApiPropertyOptional({ description: 'Rebuild the state after this revision' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  revision?: number;

  @ApiPropertyOptional({ description: 'Recorded time: the trial as the ledger had recorded it at this instant, e.g. 2024-01-31T00:00:00Z' })
  // Checked against the calendar too: Date would read 2025-02-30 as 2 March and replay the wrong moment.
  @IsOptional()
  @IsInstant()
  recordedAsOf?: string;

  @ApiPropertyOptional({ deprecated: true, description: 'The former name of recordedAsOf' })
  @IsOptional()
  @IsInstant()
  asOf?: string;

  @ApiPropertyOptional({
    example: '2024-01-01',
    description:
      'Registry time: the trial as the registry stood on this date (the versions it had posted by then, operator changes recorded by then), UNKNOWN derived where due',
  })
  @IsOptional()
  @IsPartialDate()
  registryAsOf?: string;
}
