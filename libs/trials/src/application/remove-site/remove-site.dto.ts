import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ChangeDto, IsPartialDate } from '../../http/dto-parts';

/** Why the site leaves the study's list, and when. */
export class RemoveSiteDto extends ChangeDto {
  @ApiPropertyOptional({ example: '2024-06', description: 'When the change took effect: yyyy, yyyy-MM or yyyy-MM-dd' })
  @IsOptional()
  @IsPartialDate()
  effectiveDate?: string;
}
