/** Which page of a run: its number from 1, the URL asked for, and the pageToken that named it (none for the first). */
export interface PageRef {
  number: number;
  url: string;
  pageToken: string | null;
}

/** One page of `GET /studies` as the registry answered it; the studies are checked one by one later. */
export interface StudyPage extends PageRef {
  studies: unknown[];
  /** Absent on the last page. */
  nextPageToken: string | null;
  /** Only on the first page, and only when asked for (countTotal). */
  totalCount: number | null;
}

/** A page the run cannot use: the run stops before it, and the cursor stays where the pages before it left it. */
export class RegistryPageError extends Error {
  constructor(
    readonly page: PageRef,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryPageError';
  }
}

/** The registry kept failing (429, 5xx, no answer) for longer than the run may keep retrying one page. */
export class RegistryUnavailableError extends RegistryPageError {
  override readonly name = 'RegistryUnavailableError';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const excerpt = (text: string): string => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

/** A 200 answer's body as a page (PagedStudies in the registry's OpenAPI document), or why it is not one. */
export const parseStudyPage = (page: PageRef, body: string): StudyPage => {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (error) {
    throw new RegistryPageError(page, `the body is not JSON (${(error as Error).message}): ${excerpt(body)}`);
  }
  if (!isObj(doc) || !Array.isArray(doc.studies)) throw new RegistryPageError(page, 'the body has no "studies" array');
  const token = doc.nextPageToken;
  if (token !== undefined && token !== null && (typeof token !== 'string' || token === ''))
    throw new RegistryPageError(page, 'nextPageToken is not a non-empty string');
  if (typeof token === 'string' && token === page.pageToken)
    throw new RegistryPageError(page, 'nextPageToken names this same page again; following it would never end');
  return {
    ...page,
    studies: doc.studies,
    nextPageToken: typeof token === 'string' ? token : null,
    totalCount: typeof doc.totalCount === 'number' ? doc.totalCount : null,
  };
};
