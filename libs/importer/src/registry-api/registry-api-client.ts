import { BackoffSettings, DEFAULT_BACKOFF, backoffMs, retryAfterMs } from './backoff';
import { Pacing, SystemPacing } from './pacing';
import { RequestSpacing } from './rate-limit';
import { PageRef, RegistryPageError, RegistryUnavailableError, StudyPage, parseStudyPage } from './registry-page';

export interface RegistryApiSettings {
  baseUrl: string;
  /** Studies per page; the registry coerces anything above 1,000 down to 1,000. */
  pageSize: number;
  requestsPerSecond: number;
  /** How long one page may keep failing (429, 5xx, no answer) before the run gives up on it. */
  maxRetryMs: number;
  /** A request with no answer by then counts as failed, and is retried like a 503. */
  requestTimeoutMs?: number;
  backoff?: BackoffSettings;
}

/** A failed attempt that will be retried, for a progress line. */
export interface RetryNotice {
  page: PageRef;
  problem: string;
  retry: number;
  waitMs: number;
}

type Answer = { status: number; retryAfter: string | null; body: string } | { failure: string };

const isRetryable = (a: Answer): boolean => 'failure' in a || a.status === 429 || a.status >= 500;

const describe = (a: Answer): string => {
  if ('failure' in a) return `no answer (${a.failure})`;
  const text = a.body.trim().replace(/\s+/g, ' ');
  return `HTTP ${a.status}${text ? `: ${text.length > 160 ? `${text.slice(0, 160)}…` : text}` : ''}`;
};

/** The day as the registry's Essie syntax takes it in a RANGE. */
const advancedFilter = (since: string): string => `AREA[LastUpdatePostDate]RANGE[${since},MAX]`;

/**
 * `GET /studies` of ClinicalTrials.gov API v2: the studies whose LastUpdatePostDate is on or after a day, oldest
 * first, page by page through pageToken. Requests are spaced to the configured rate; a 429, a 5xx or no answer is
 * retried with exponential backoff and jitter (never sooner than a Retry-After asks) until the page has failed for
 * maxRetryMs; any other answer that is not a page is a RegistryPageError naming the page.
 */
export class RegistryApiClient {
  readonly baseUrl: string;
  private readonly spacing: RequestSpacing;

  constructor(
    private readonly settings: RegistryApiSettings,
    private readonly pacing: Pacing = new SystemPacing(),
  ) {
    this.baseUrl = settings.baseUrl.replace(/\/+$/, '');
    this.spacing = new RequestSpacing(settings.requestsPerSecond, pacing);
  }

  /**
   * Every page but the first repeats the first one's parameters (the registry requires it), with its pageToken.
   * Sorted by LastUpdatePostDate ascending, so that the pages done cover every day before the last one they hold.
   */
  pageUrl(since: string, pageToken: string | null): string {
    const query = new URLSearchParams({
      format: 'json',
      'filter.advanced': advancedFilter(since),
      sort: 'LastUpdatePostDate:asc',
      pageSize: String(this.settings.pageSize),
    });
    if (pageToken === null) query.set('countTotal', 'true');
    else query.set('pageToken', pageToken);
    return `${this.baseUrl}/studies?${query.toString()}`;
  }

  /** Page `number` of the studies updated on or after `since` (yyyy-MM-dd). */
  async fetchPage(since: string, number: number, pageToken: string | null, signal?: AbortSignal, onRetry?: (n: RetryNotice) => void) {
    const page: PageRef = { number, url: this.pageUrl(since, pageToken), pageToken };
    let firstFailure: number | null = null;
    for (let retry = 1; ; retry++) {
      await this.spacing.take(signal);
      const answer = await this.get(page.url, signal);
      if (!('failure' in answer) && answer.status === 200) return parseStudyPage(page, answer.body);
      if (!isRetryable(answer)) throw new RegistryPageError(page, describe(answer));
      firstFailure ??= this.pacing.now();
      const asked = 'failure' in answer ? null : retryAfterMs(answer.retryAfter, this.pacing.now());
      const waitMs = Math.max(asked ?? 0, backoffMs(retry, this.pacing.random(), this.settings.backoff ?? DEFAULT_BACKOFF));
      const spent = this.pacing.now() - firstFailure;
      if (spent + waitMs > this.settings.maxRetryMs) {
        const why = `${describe(answer)}; gave up after ${retry} attempts over ${Math.round(spent / 1000)} s (the bound is ${Math.round(this.settings.maxRetryMs / 1000)} s)`;
        throw new RegistryUnavailableError(page, why);
      }
      onRetry?.({ page, problem: describe(answer), retry, waitMs });
      await this.pacing.sleep(waitMs, signal);
    }
  }

  /** Every page in turn, from the first; a page that fails ends the iteration with its error. */
  async *pages(since: string, signal?: AbortSignal, onRetry?: (n: RetryNotice) => void): AsyncGenerator<StudyPage> {
    let token: string | null = null;
    for (let number = 1; ; number++) {
      const page: StudyPage = await this.fetchPage(since, number, token, signal, onRetry);
      yield page;
      if (page.nextPageToken === null) return;
      token = page.nextPageToken;
    }
  }

  private async get(url: string, signal?: AbortSignal): Promise<Answer> {
    const timeout = AbortSignal.timeout(this.settings.requestTimeoutMs ?? 60_000);
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
    } catch (error) {
      // The run's own stop is no failure of the registry's: it ends the run, not this attempt.
      if (signal?.aborted) throw signal.reason;
      const cause = (error as Error & { cause?: Error }).cause;
      return { failure: cause?.message ?? (error as Error).message };
    }
  }
}
