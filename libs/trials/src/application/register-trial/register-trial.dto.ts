import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { NCT_ID_PATTERN, PHASES, Phase, STUDY_TYPES, StudyType, TRIAL_STATUSES, TrialStatus } from '@trial-ledger/domain';
import { DateStructDto, EnrollmentDto, InterventionDto, IsPartialDate, NestedDate, SponsorDto } from '../../http/dto-parts';

export class RegisterTrialDto {
  @ApiProperty({ example: 'NCT06171906' })
  @Matches(NCT_ID_PATTERN, { message: 'nctId must be "NCT" followed by 8 digits' })
  nctId!: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  officialTitle?: string;

  @ApiProperty({ type: SponsorDto })
  @ValidateNested()
  @Type(() => SponsorDto)
  sponsor!: SponsorDto;

  @ApiProperty({ enum: STUDY_TYPES })
  @IsIn(STUDY_TYPES)
  studyType!: StudyType;

  @ApiProperty({ enum: PHASES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(PHASES, { each: true })
  phases!: Phase[];

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(300, { each: true })
  conditions!: string[];

  @ApiProperty({ type: [InterventionDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => InterventionDto)
  interventions!: InterventionDto[];

  @ApiPropertyOptional({ type: EnrollmentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EnrollmentDto)
  enrollment?: EnrollmentDto;

  @ApiPropertyOptional({ enum: TRIAL_STATUSES, default: 'NOT_YET_RECRUITING' })
  @IsOptional()
  @IsIn(TRIAL_STATUSES)
  status?: TrialStatus;

  @ApiPropertyOptional({ enum: TRIAL_STATUSES, description: 'Refused: the registry alone records it, beside a derived UNKNOWN' })
  @IsOptional()
  @IsIn(TRIAL_STATUSES)
  lastKnownStatus?: TrialStatus;

  @ApiPropertyOptional({ description: 'Required for SUSPENDED, TERMINATED and WITHDRAWN' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  whyStopped?: string;

  @ApiPropertyOptional({ type: DateStructDto })
  @NestedDate()
  startDate?: DateStructDto;

  @ApiPropertyOptional({ type: DateStructDto })
  @NestedDate()
  primaryCompletionDate?: DateStructDto;

  @ApiPropertyOptional({ type: DateStructDto })
  @NestedDate()
  completionDate?: DateStructDto;

  @ApiPropertyOptional({ description: 'Why the trial enters the ledger; kept in the audit trail' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({ description: 'The business date of the registration (e.g. first posted), yyyy[-MM[-dd]]' })
  @IsOptional()
  @IsPartialDate()
  effectiveDate?: string;
}
