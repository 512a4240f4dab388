import { PageDto } from '../../http/page.dto';

export class ComplianceOverviewDto extends PageDto {}
