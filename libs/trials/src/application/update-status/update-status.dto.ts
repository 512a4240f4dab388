import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { TRIAL_STATUSES, TrialStatus } from '@trial-ledger/domain';
import { ChangeDto, IsPartialDate } from '../../http/dto-parts';

export class UpdateStatusDto extends ChangeDto {
  @ApiProperty({ enum: TRIAL_STATUSES }) @IsIn(TRIAL_STATUSES)
  status!: TrialStatus;

  @ApiProperty({ example: '2024-02-01', description: 'When the status took effect: yyyy, yyyy-MM or yyyy-MM-dd' })
  @IsPartialDate()
  effectiveDate!: string;

  @ApiPropertyOptional({ description: 'Required for SUSPENDED, TERMINATED and WITHDRAWN' })
  @IsOptional() @IsString() @MaxLength(1000)
  whyStopped?: string;
}
