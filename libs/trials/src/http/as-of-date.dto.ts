import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsPartialDate } from './dto-parts';

/** The date a compliance report judges the trial as of: yyyy, yyyy-MM or yyyy-MM-dd (a partial date counts from its first day). */
export class AsOfDateDto {
  static property = () =>
    applyDecorators(
      ApiPropertyOptional({
        example: '2024-01-01',
        description: 'Judge as of this date (default today, UTC): yyyy, yyyy-MM or yyyy-MM-dd',
      }),
      IsOptional(),
      IsPartialDate() as PropertyDecorator,
    );

  @AsOfDateDto.property()
  asOf?: string;
}
