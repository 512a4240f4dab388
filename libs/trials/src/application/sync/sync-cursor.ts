const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const isDay = (text: string): boolean => DAY.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));

export const dayBefore = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A study's LastUpdatePostDate when it states a whole day, else null (it then moves no cursor). */
export const lastUpdatePostDateOf = (study: unknown): string | null => {
  const protocol = isObj(study) && isObj(study.protocolSection) ? study.protocolSection : {};
  const status = isObj(protocol.statusModule) ? protocol.statusModule : {};
  const date = isObj(status.lastUpdatePostDateStruct) ? status.lastUpdatePostDateStruct.date : undefined;
  return typeof date === 'string' && isDay(date) ? date : null;
};

/**
 * How far a run has covered, from the studies of the pages whose events are durable. The pages come oldest first
 * (sort=LastUpdatePostDate:asc), so once a page is done every study posted before its last day has been seen; that
 * last day itself may have more studies on the next page, so the cursor is that day and the next run fetches it
 * again (a version already recorded appends nothing). The cursor never passes the day before the run began: a
 * study changed while the run pages is posted today (the registry's day, which may lag UTC's) and must come again.
 * If the pages prove not to be in order, nothing before the end of the run can be trusted: the cursor is held at
 * the run's first day until every page is done.
 */
export class CursorTracker {
  private latest: string | null = null;
  private inOrder = true;
  private readonly ceiling: string;

  constructor(
    readonly from: string,
    today: string,
  ) {
    this.ceiling = dayBefore(today);
  }

  see(day: string | null): void {
    if (day === null) return;
    if (this.latest !== null && day < this.latest) this.inOrder = false;
    if (this.latest === null || day > this.latest) this.latest = day;
  }

  /** The cursor once the pages seen so far are durable. */
  afterPage(): string {
    return this.inOrder ? this.covered() : this.from;
  }

  /** The cursor once every page is durable: whatever their order, every study changed since `from` was seen. */
  atEnd(): string {
    return this.covered();
  }

  private covered(): string {
    const reached = this.latest === null || this.latest < this.ceiling ? (this.latest ?? this.from) : this.ceiling;
    return reached > this.from ? reached : this.from;
  }
}
