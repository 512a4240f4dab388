import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { SITE_STATUSES, SiteStatus } from '@trial-ledger/domain';
import { ChangeDto, IsPartialDate } from '../../http/dto-parts';

const Text =
  (max: number) =>
  (target: object, key: string): void => {
    IsOptional()(target, key);
    IsString()(target, key);
    IsNotEmpty()(target, key);
    MaxLength(max)(target, key);
  };

/** A site needs at least a facility, a city or a country; the decider enforces it. */
export class AddSiteDto extends ChangeDto {
  @ApiPropertyOptional({ example: 'Xinqiao Hospital' })
  @Text(300)
  facility?: string;

  @ApiPropertyOptional({ example: 'Chongqing' })
  @Text(100)
  city?: string;

  @ApiPropertyOptional({ example: 'Shapingba District' })
  @Text(100)
  state?: string;

  @ApiPropertyOptional()
  @Text(20)
  zip?: string;

  @ApiPropertyOptional({ example: 'China' })
  @Text(100)
  country?: string;

  @ApiPropertyOptional({ enum: SITE_STATUSES })
  @IsOptional()
  @IsIn(SITE_STATUSES)
  status?: SiteStatus;

  @ApiPropertyOptional({ example: '2024-02-01' })
  @IsOptional()
  @IsPartialDate()
  effectiveDate?: string;
}
