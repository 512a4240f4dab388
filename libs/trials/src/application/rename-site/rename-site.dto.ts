import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ChangeDto, IsPartialDate } from '../../http/dto-parts';

export class RenameSiteDto extends ChangeDto {
  @ApiProperty({ example: 'Department of Hematology, Xinqiao Hospital' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  facility!: string;

  @ApiPropertyOptional({ example: '2024-06', description: 'When the change took effect: yyyy, yyyy-MM or yyyy-MM-dd' })
  @IsOptional()
  @IsPartialDate()
  effectiveDate?: string;
}
