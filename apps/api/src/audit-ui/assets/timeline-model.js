// Turns a trial's audit history into lanes of status segments. Pure functions (no DOM), so the drawing code
// only places what this decides.

const DAY = 24 * 3600 * 1000;
const SITE_FIELD = /^sites\[([^\]]+)\]\.(status|facility|city|country)$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A status holds from its business (effective) date, not from when it was typed in: for a registry version the
 * date the record states for that field (an ACTUAL completion for COMPLETED), else the date the registry posted the
 * version; for an operator's command the effective date it stated. Only an event with none of these (an undated
 * source, a registration without a date) falls back to its recorded time. Partial dates (2024, 2024-03) read as
 * their first day, in UTC.
 */
const timeOf = (entry, field) => {
  const date = entry.businessDates?.find((d) => d.field === field)?.date ?? entry.postedDate ?? entry.effectiveDate;
  const at = date ? Date.parse(date) : NaN;
  return Number.isNaN(at) ? Date.parse(entry.recordedAt) : at;
};

const siteLane = (sites, siteId) => {
  if (!sites.has(siteId)) sites.set(siteId, { key: siteId, kind: 'site', address: {}, points: [] });
  return sites.get(siteId);
};

/** Reads the status points from the field-level changes, so every event type that moved a status counts. */
const collectPoints = (entries) => {
  const trial = { key: 'trial', kind: 'trial', label: 'Trial status', points: [] };
  const sites = new Map();
  for (const entry of [...entries].sort((a, b) => a.revision - b.revision)) {
    for (const { field, to } of entry.changes ?? []) {
      const at = timeOf(entry, field);
      if (field === 'status' && to) trial.points.push({ at, status: String(to), revision: entry.revision });
      const match = SITE_FIELD.exec(field);
      if (!match) continue;
      const lane = siteLane(sites, match[1]);
      if (match[2] !== 'status') lane.address[match[2]] = to;
      else if (to) lane.points.push({ at, status: String(to), revision: entry.revision });
    }
  }
  return [trial, ...sites.values()];
};

const siteLabel = ({ facility, city, country }, siteId) =>
  [facility, city, country].filter((part) => part !== null && part !== undefined && part !== '').join(', ') || siteId;

/** Each status runs until the next one of its lane (a later revision wins a tie) or to the end of the chart. */
const segmentsOf = (points, end) => {
  const sorted = [...points].sort((a, b) => a.at - b.at || a.revision - b.revision);
  return sorted
    .map((point, i) => ({ status: point.status, revision: point.revision, start: point.at, end: sorted[i + 1]?.at ?? end }))
    .filter((segment) => segment.end > segment.start);
};

/** The chart's content: the time range (up to today, since the last status still holds) and the lanes. */
export const buildTimeline = (entries, now = Date.now()) => {
  const lanes = collectPoints(entries);
  const times = lanes.flatMap((lane) => lane.points.map((p) => p.at));
  if (times.length === 0) return null;
  const start = Math.min(...times);
  const end = Math.max(Math.max(...times), now, start + DAY);
  return {
    start,
    end,
    lanes: lanes.map((lane) => ({
      key: lane.key,
      kind: lane.kind,
      label: lane.kind === 'trial' ? lane.label : `Site: ${siteLabel(lane.address, lane.key)}`,
      segments: segmentsOf(lane.points, end),
    })),
  };
};

/** Month steps that give about a dozen labels at most: monthly, quarterly, half-yearly, then whole years. */
const monthStep = (start, end) => {
  const months = (end - start) / (30.44 * DAY);
  if (months <= 14) return 1;
  if (months <= 40) return 3;
  if (months <= 80) return 6;
  return 12 * Math.max(1, Math.ceil(months / 12 / 12));
};

/** Axis ticks on UTC month starts; a January reads as its year, the first tick names its year too. */
export const ticks = (start, end) => {
  const step = monthStep(start, end);
  const first = new Date(start);
  const cursor = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1));
  const out = [];
  for (; cursor.getTime() <= end; cursor.setUTCMonth(cursor.getUTCMonth() + 1)) {
    const month = cursor.getUTCMonth();
    const year = cursor.getUTCFullYear();
    if ((year * 12 + month) % step !== 0) continue;
    const label = month === 0 ? String(year) : out.length === 0 ? `${MONTHS[month]} ${year}` : MONTHS[month];
    out.push({ at: cursor.getTime(), label, major: month === 0 });
  }
  return out;
};

/** `2024-03-01` for a time, as the chart's labels show it. */
export const isoDay = (time) => new Date(time).toISOString().slice(0, 10);
