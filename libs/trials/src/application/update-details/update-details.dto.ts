import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PHASES, Phase } from '@trial-ledger/domain';
import { ChangeDto, InterventionDto, IsPartialDate, SponsorDto } from '../../http/dto-parts';

export class SecondaryIdDto {
  @ApiPropertyOptional({ example: 'MSC4PGF' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  id!: string;

  @ApiPropertyOptional({ example: 'OTHER' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  type?: string;
}

/** Each field given replaces the current value whole; a field left out is left as it is. */
export class UpdateDetailsDto extends ChangeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(600)
  officialTitle?: string;

  @ApiPropertyOptional({ enum: PHASES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(PHASES, { each: true })
  phases?: Phase[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(300, { each: true })
  conditions?: string[];

  @ApiPropertyOptional({ type: [InterventionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => InterventionDto)
  interventions?: InterventionDto[];

  @ApiPropertyOptional({ description: 'Only while SUSPENDED, TERMINATED or WITHDRAWN' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  whyStopped?: string;

  @ApiPropertyOptional({ type: [SponsorDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => SponsorDto)
  collaborators?: SponsorDto[];

  @ApiPropertyOptional({ type: [SecondaryIdDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => SecondaryIdDto)
  secondaryIds?: SecondaryIdDto[];

  @ApiPropertyOptional({ example: '2024-06', description: 'When the change took effect: yyyy, yyyy-MM or yyyy-MM-dd' })
  @IsOptional()
  @IsPartialDate()
  effectiveDate?: string;
}
