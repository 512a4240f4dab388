import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { GetHistoryDto } from '../get-history/history-filter.dto';
import { EXPORT_FORMATS, ExportFormat } from '@trial-ledger/compliance';

/** The history route's query plus the format; required, since a file handed on should be the one asked for. */
export class ExportHistoryDto extends GetHistoryDto {
  @ApiProperty({
    enum: EXPORT_FORMATS,
    description: 'json: entries in an envelope; csv: RFC 4180, one row per field change; odm: CDISC ODM 1.3.2-style XML',
  })
  @IsIn(EXPORT_FORMATS)
  format!: ExportFormat;
}
