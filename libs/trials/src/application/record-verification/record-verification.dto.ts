import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ChangeDto, IsPartialDate } from '../../http/dto-parts';

export class RecordVerificationDto extends ChangeDto {
  @ApiPropertyOptional({ example: '2025-06', description: 'The month or day the sponsor verified the whole record (default: today, UTC)' })
  @IsOptional()
  @IsPartialDate()
  verifiedOn?: string;
}
