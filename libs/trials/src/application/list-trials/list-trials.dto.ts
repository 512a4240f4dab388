import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { TRIAL_STATUSES, TrialStatus } from '@trial-ledger/domain';
import { PageDto } from '../../http/page.dto';

export class ListTrialsDto extends PageDto {
  @ApiPropertyOptional({ enum: TRIAL_STATUSES })
  @IsOptional()
  @IsIn(TRIAL_STATUSES)
  status?: TrialStatus;

  @ApiPropertyOptional({ description: 'Part of a condition, case-insensitive' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  condition?: string;

  @ApiPropertyOptional({ description: 'A site country, case-insensitive' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  country?: string;
}
