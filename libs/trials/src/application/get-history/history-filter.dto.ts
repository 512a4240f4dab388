import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength, ValidationOptions, registerDecorator } from 'class-validator';
import { TRIAL_EVENT_TYPES, isTrialEventType } from '@trial-ledger/domain';
import { badRequest } from '@trial-ledger/platform';
import { MinRevisionDto } from '../get-trial/get-trial.dto';
import { HistoryFilter } from '@trial-ledger/read-models';

// Milliseconds at most: recorded times have that precision, and a finer bound would be rounded by Date and
// could let in an entry the caller meant to leave out.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** An instant with its zone; the calendar check matters because Date rolls 2025-02-30 over into March. */
export const isInstant = (value: unknown): value is string => {
  const match = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date.getUTCMonth() === month && date.getUTCDate() === day;
};

const validator =
  (name: string, message: string, validate: (value: unknown) => boolean) =>
  (options?: ValidationOptions) =>
  (target: object, propertyName: string): void =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} ${message}`, ...options },
      validator: { validate },
    });

export const IsInstant = validator('isInstant', 'must be an ISO-8601 instant with a zone, e.g. 2025-01-31T00:00:00Z', isInstant);

// One parameter with a comma-separated list, not a repeated parameter: a repeated one arrives as an array and
// is refused here, so a client never wonders whether its second value was read.
const IsEventTypeList = validator(
  'isEventTypeList',
  `must be one or more of ${TRIAL_EVENT_TYPES.join(', ')}, comma-separated in a single parameter`,
  (value) => typeof value === 'string' && value.split(',').every(isTrialEventType),
);

export class HistoryFilterDto {
  @ApiPropertyOptional({
    type: String,
    example: 'TrialStatusChanged,SiteStatusChanged',
    description: `Event types, comma-separated in one parameter (not repeated). Any of: ${TRIAL_EVENT_TYPES.join(', ')}`,
  })
  @IsOptional()
  @IsEventTypeList()
  type?: string;

  @ApiPropertyOptional({ description: 'The authenticated subject that recorded the event; exact match', example: 'olga' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({ description: 'Recorded at or after this instant (inclusive), e.g. 2025-01-01T00:00:00Z' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Recorded before this instant (exclusive), e.g. 2025-02-01T00:00:00Z' })
  @IsOptional()
  @IsInstant()
  to?: string;
}

/** The history route's query: the filters and read-your-writes. */
export class GetHistoryDto extends IntersectionType(HistoryFilterDto, MinRevisionDto) {}

/** The validated query as the application's filter; an empty range is refused rather than answered with nothing. */
export const toHistoryFilter = (dto: HistoryFilterDto): HistoryFilter => {
  const filter: HistoryFilter = {};
  if (dto.type !== undefined) filter.types = [...new Set(dto.type.split(','))];
  if (dto.actor !== undefined) filter.actor = dto.actor;
  if (dto.from !== undefined) filter.from = new Date(dto.from);
  if (dto.to !== undefined) filter.to = new Date(dto.to);
  if (filter.from && filter.to && filter.to.getTime() <= filter.from.getTime()) {
    throw badRequest('to', 'must be later than from');
  }
  return filter;
};
