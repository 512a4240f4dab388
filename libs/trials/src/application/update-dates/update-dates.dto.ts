import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ChangeDto, DateStructDto, IsPartialDate, NestedDate } from '../../http/dto-parts';

export class UpdateDatesDto extends ChangeDto {
  @ApiPropertyOptional({ type: DateStructDto })
  @NestedDate()
  startDate?: DateStructDto;

  @ApiPropertyOptional({ type: DateStructDto })
  @NestedDate()
  primaryCompletionDate?: DateStructDto;

  @ApiPropertyOptional({ type: DateStructDto })
  @NestedDate()
  completionDate?: DateStructDto;

  @ApiPropertyOptional({ example: '2024-06' })
  @IsOptional()
  @IsPartialDate()
  effectiveDate?: string;
}
