import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { TRIAL_STATUSES, TrialStatus } from '@trial-ledger/domain';

export class ListTrialsDto {
  @ApiPropertyOptional({ enum: TRIAL_STATUSES }) @IsOptional() @IsIn(TRIAL_STATUSES)
  status?: TrialStatus;

  @ApiPropertyOptional({ description: 'Part of a condition, case-insensitive' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200)
  condition?: string;

  @ApiPropertyOptional({ description: 'A site country, case-insensitive' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  country?: string;

  @ApiPropertyOptional({ default: 20, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit?: number;

  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000_000)
  offset?: number;

  @ApiPropertyOptional({ description: 'Wait until the read models reached this global position (from a command result)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER)
  minPosition?: number;
}
