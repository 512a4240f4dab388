import { PageDto } from '../../http/page.dto';
import { AsOfDateDto } from '../../http/as-of-date.dto';

export class ComplianceOverviewDto extends PageDto {
  @AsOfDateDto.property()
  asOf?: string;
}
