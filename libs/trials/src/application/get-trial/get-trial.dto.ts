import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Read-your-writes: the revision a command returned; the read waits (bounded) until it is visible. */
export class MinRevisionDto {
  @ApiPropertyOptional({ description: 'Wait until the read model shows at least this revision' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  minRevision?: number;
}
