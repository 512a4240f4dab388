import { ApiHideProperty, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PHASES, Phase, STUDY_TYPES, StudyType, TRIAL_STATUSES, TrialStatus } from '@trial-ledger/domain';
import { ChangeDto, DateStructDto, EnrollmentDto, InterventionDto, NestedDate, SponsorDto } from '../../http/dto-parts';

const Text =
  (max: number) =>
  (target: object, key: string): void => {
    IsOptional()(target, key);
    IsString()(target, key);
    IsNotEmpty()(target, key);
    MaxLength(max)(target, key);
  };

/** The fields a correction may carry, with the limits of the commands that first record them. */
export class CorrectionsDto {
  @ApiPropertyOptional({ description: 'TrialRegistered' })
  @Text(500)
  title?: string;

  @ApiPropertyOptional({ description: 'TrialRegistered' })
  @Text(1000)
  officialTitle?: string;

  @ApiPropertyOptional({ type: SponsorDto, description: 'TrialRegistered; replaces the sponsor whole' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SponsorDto)
  sponsor?: SponsorDto;

  @ApiPropertyOptional({ enum: STUDY_TYPES, description: 'TrialRegistered' })
  @IsOptional()
  @IsIn(STUDY_TYPES)
  studyType?: StudyType;

  @ApiPropertyOptional({ enum: PHASES, isArray: true, description: 'TrialRegistered' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(PHASES, { each: true })
  phases?: Phase[];

  @ApiPropertyOptional({ type: [String], description: 'TrialRegistered' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(300, { each: true })
  conditions?: string[];

  @ApiPropertyOptional({ type: [InterventionDto], description: 'TrialRegistered' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => InterventionDto)
  interventions?: InterventionDto[];

  @ApiPropertyOptional({ type: EnrollmentDto, description: 'EnrollmentUpdated' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EnrollmentDto)
  enrollment?: EnrollmentDto;

  @ApiPropertyOptional({ type: DateStructDto, description: 'TrialDatesUpdated (a date it recorded)' })
  @NestedDate()
  startDate?: DateStructDto;

  @ApiPropertyOptional({ type: DateStructDto, description: 'TrialDatesUpdated (a date it recorded)' })
  @NestedDate()
  primaryCompletionDate?: DateStructDto;

  @ApiPropertyOptional({ type: DateStructDto, description: 'TrialDatesUpdated (a date it recorded)' })
  @NestedDate()
  completionDate?: DateStructDto;

  @ApiPropertyOptional({ description: 'SiteAdded' })
  @Text(300)
  facility?: string;

  @ApiPropertyOptional({ description: 'SiteAdded' })
  @Text(100)
  city?: string;

  @ApiPropertyOptional({ description: 'SiteAdded' })
  @Text(100)
  state?: string;

  @ApiPropertyOptional({ description: 'SiteAdded' })
  @Text(20)
  zip?: string;

  @ApiPropertyOptional({ description: 'SiteAdded' })
  @Text(100)
  country?: string;

  @ApiPropertyOptional({ description: 'TrialStatusChanged to SUSPENDED, TERMINATED or WITHDRAWN' })
  @Text(1000)
  whyStopped?: string;

  /**
   * Never accepted. It is let through (not rejected as an unknown field) so that the domain answers with the
   * reason: a wrong status is put right by a new status change, under the transition rules.
   */
  @ApiHideProperty()
  @IsOptional()
  @IsIn(TRIAL_STATUSES)
  status?: TrialStatus;
}

export class CorrectRecordDto extends ChangeDto {
  @ApiProperty({ example: 3, description: 'The revision of the event whose values are corrected' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  revision!: number;

  @ApiProperty({ type: CorrectionsDto, description: 'The right values; which fields apply depends on the corrected event' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CorrectionsDto)
  corrections!: CorrectionsDto;
}
