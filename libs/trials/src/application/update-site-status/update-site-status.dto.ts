import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { SITE_STATUSES, SiteStatus } from '@trial-ledger/domain';
import { ChangeDto, IsPartialDate } from '../../http/dto-parts';

export class UpdateSiteStatusDto extends ChangeDto {
  @ApiProperty({ enum: SITE_STATUSES })
  @IsIn(SITE_STATUSES)
  status!: SiteStatus;

  @ApiProperty({ example: '2024-02-01' })
  @IsPartialDate()
  effectiveDate!: string;
}
