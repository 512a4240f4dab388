import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

export interface AuditUiAsset {
  body: Buffer;
  contentType: string;
}

/** Only these kinds are served; anything else in the folder (or asked for) is a 404. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Where the page's files may be. tsc compiles only .ts, so after `npm run build` this module runs from
 * dist/apps/api/src/audit-ui/ with no assets beside it unless they were copied there (the Docker image does);
 * so the second place is the source folder, found from the compiled file (dist/ sits at the repo root), not
 * from the working directory, which depends on how the process was started. Under ts-jest this module runs
 * from the source folder and the first place is already the right one.
 */
export const auditUiAssetDirs = (moduleDir: string = __dirname): string[] => [
  join(moduleDir, 'assets'),
  resolve(moduleDir, '..', '..', '..', '..', '..', 'apps', 'api', 'src', 'audit-ui', 'assets'),
];

/**
 * Reads every servable file once, at start: requests then pick from this map by exact name, so no request
 * path ever reaches the file system (no traversal to guard against). Null when no folder holds the page.
 */
export const loadAuditUiAssets = (dirs: string[] = auditUiAssetDirs()): { dir: string; assets: Map<string, AuditUiAsset> } | null => {
  const dir = dirs.find((candidate) => existsSync(join(candidate, 'index.html')));
  if (dir === undefined) return null;
  const assets = new Map<string, AuditUiAsset>();
  for (const name of readdirSync(dir)) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType !== undefined) assets.set(name, { body: readFileSync(join(dir, name)), contentType });
  }
  return { dir, assets };
};
