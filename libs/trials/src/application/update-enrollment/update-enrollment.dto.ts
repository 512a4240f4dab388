import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DATE_TYPES, DateType } from '@trial-ledger/domain';
import { ChangeDto, IsPartialDate } from '../../http/dto-parts';

export class UpdateEnrollmentDto extends ChangeDto {
  @ApiProperty({ example: 107 })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  count!: number;

  @ApiProperty({ enum: DATE_TYPES })
  @IsIn(DATE_TYPES)
  type!: DateType;

  @ApiPropertyOptional({ example: '2024-06' })
  @IsOptional()
  @IsPartialDate()
  effectiveDate?: string;
}
