import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { TRIAL_STATUSES, TrialStatus } from '@trial-ledger/domain';
import { ChangeDto, IsPartialDate } from '../../http/dto-parts';

export class UpdateStatusDto extends ChangeDto {
  @ApiProperty({ enum: TRIAL_STATUSES })
  @IsIn(TRIAL_STATUSES)
  status!: TrialStatus;

  @ApiProperty({ example: '2024-02-01', description: 'When the status took effect: yyyy, yyyy-MM or yyyy-MM-dd' })
  @IsPartialDate()
  effectiveDate!: string;

  @ApiPropertyOptional({
    description:
      'A move the lifecycle leaves out (a completed study reopened), recorded as a correction with the reason; UNKNOWN and WITHHELD are never set by an operator',
  })
  @IsOptional()
  @IsBoolean()
  correction?: boolean;

  @ApiPropertyOptional({ description: 'Required for SUSPENDED, TERMINATED and WITHDRAWN' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  whyStopped?: string;
}
