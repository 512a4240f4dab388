import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ACCESS_ACTIONS, AccessAction, EXPORT_FORMATS, ExportFormat } from '@trial-ledger/compliance';
import { IsInstant } from '../get-history/history-filter.dto';

export class AccessLogFilterDto {
  @ApiPropertyOptional({ description: 'Only accesses to this trial', example: 'NCT02985346' })
  @IsOptional()
  @Matches(/^NCT\d{8}$/, { message: 'nctId must be "NCT" followed by 8 digits' })
  nctId?: string;

  @ApiPropertyOptional({ enum: ACCESS_ACTIONS, description: 'Only accesses of this kind' })
  @IsOptional()
  @IsIn(ACCESS_ACTIONS)
  action?: AccessAction;

  @ApiPropertyOptional({ description: 'Recorded at or after this instant (inclusive), e.g. 2025-01-01T00:00:00Z' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Recorded before this instant (exclusive), e.g. 2025-02-01T00:00:00Z' })
  @IsOptional()
  @IsInstant()
  to?: string;
}

export class AccessLogPageDto extends AccessLogFilterDto {
  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  offset?: number;
}

export class AccessLogExportDto extends AccessLogFilterDto {
  @ApiProperty({ enum: EXPORT_FORMATS, description: 'json: entries in an envelope; csv: RFC 4180, one row per access; odm: ODM-style XML' })
  @IsIn(EXPORT_FORMATS)
  format!: ExportFormat;
}
