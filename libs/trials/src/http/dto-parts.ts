import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import {
  AGENCY_CLASSES,
  AgencyClass,
  DATE_TYPES,
  DateType,
  INTERVENTION_TYPES,
  InterventionType,
  isPartialDate,
} from '@trial-ledger/domain';
import { IsPartialDateString } from '@trial-ledger/platform';

export const IsPartialDate = () => IsPartialDateString(isPartialDate);

export class DateStructDto {
  @ApiProperty({ example: '2024-01', description: 'yyyy, yyyy-MM or yyyy-MM-dd' })
  @IsPartialDate()
  date!: string;

  @ApiProperty({ enum: DATE_TYPES })
  @IsIn(DATE_TYPES)
  type!: DateType;
}

export class EnrollmentDto {
  @ApiProperty({ example: 68 })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  count!: number;

  @ApiProperty({ enum: DATE_TYPES })
  @IsIn(DATE_TYPES)
  type!: DateType;
}

export class SponsorDto {
  @ApiProperty({ example: 'Sun Yat-sen University' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;

  @ApiPropertyOptional({ enum: AGENCY_CLASSES })
  @IsOptional()
  @IsIn(AGENCY_CLASSES)
  class?: AgencyClass;
}

export class InterventionDto {
  @ApiProperty({ enum: INTERVENTION_TYPES })
  @IsIn(INTERVENTION_TYPES)
  type!: InterventionType;

  @ApiProperty({ example: 'Mesenchymal stromal cells' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;
}

/** Every change records why it was made and, where one applies, when it took effect (21 CFR 11.10(e)). */
export class ChangeDto {
  @ApiProperty({ example: 'Site initiation visit completed', description: 'Why the change is made; kept in the audit trail' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export const NestedDate =
  () =>
  (target: object, key: string): void => {
    IsOptional()(target, key);
    ValidateNested()(target, key);
    Type(() => DateStructDto)(target, key);
  };
