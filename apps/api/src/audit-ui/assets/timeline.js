import { svg } from './dom.js';
import { buildTimeline, isoDay, ticks } from './timeline-model.js';

// One color per registry status, far enough apart to tell lanes apart; the status name is also written in
// every segment wide enough and in each segment's label, so color is never the only cue.
export const STATUS_COLORS = {
  NOT_YET_RECRUITING: '#9aa5b1',
  RECRUITING: '#2e8b57',
  ENROLLING_BY_INVITATION: '#3b82c4',
  ACTIVE_NOT_RECRUITING: '#7b61c9',
  SUSPENDED: '#e0a030',
  TERMINATED: '#c0392b',
  COMPLETED: '#1f4e79',
  WITHDRAWN: '#8d6e63',
  UNKNOWN: '#c7c7c7',
  AVAILABLE: '#16a3a3',
};
const DARK_TEXT = new Set(['NOT_YET_RECRUITING', 'SUSPENDED', 'UNKNOWN']);
const L = { width: 960, labels: 230, right: 16, top: 10, lane: 28, gap: 8, axis: 30, legendRow: 20 };

const colorOf = (status) => STATUS_COLORS[status] ?? '#666666';
const statusText = (status) => status.replace(/_/g, ' ').toLowerCase();

const scale = (timeline) => {
  const span = timeline.end - timeline.start;
  return (time) => L.labels + ((time - timeline.start) / span) * (L.width - L.labels - L.right);
};

const segmentNode = (segment, x, y, lastEnd) => {
  const [x0, x1] = [x(segment.start), x(segment.end)];
  const until = segment.end === lastEnd ? 'today' : isoDay(segment.end);
  const label = `${statusText(segment.status)} from ${isoDay(segment.start)} until ${until} (revision ${segment.revision})`;
  const group = svg('g', { role: 'listitem', 'aria-label': label }, [
    svg(
      'rect',
      {
        x: x0.toFixed(1),
        y,
        width: Math.max(1, x1 - x0).toFixed(1),
        height: L.lane,
        rx: 3,
        fill: colorOf(segment.status),
        'data-status': segment.status,
        'data-revision': segment.revision,
      },
      [svg('title', {}, [label])],
    ),
  ]);
  // Written in the bar only when it fits (about 6.5 px a character at this size).
  const text = statusText(segment.status);
  if (x1 - x0 > text.length * 6.5 + 10) {
    group.append(
      svg(
        'text',
        {
          x: (x0 + 6).toFixed(1),
          y: y + L.lane / 2 + 4,
          class: 'segment-label',
          'aria-hidden': 'true',
          fill: DARK_TEXT.has(segment.status) ? '#1b1b1b' : '#ffffff',
        },
        [text],
      ),
    );
  }
  return group;
};

const laneNode = (lane, index, x, timeline) => {
  const y = L.top + index * (L.lane + L.gap);
  const short = lane.label.length > 32 ? `${lane.label.slice(0, 31)}…` : lane.label;
  return svg('g', { role: 'list', 'aria-label': lane.label, 'data-lane': lane.key, class: `lane lane-${lane.kind}` }, [
    svg('text', { x: L.labels - 10, y: y + L.lane / 2 + 4, 'text-anchor': 'end', class: 'lane-label', 'aria-hidden': 'true' }, [
      short,
      svg('title', {}, [lane.label]),
    ]),
    svg('rect', { x: L.labels, y, width: L.width - L.labels - L.right, height: L.lane, class: 'lane-track' }),
    ...lane.segments.map((segment) => segmentNode(segment, x, y, timeline.end)),
  ]);
};

const axisNode = (timeline, x, lanesBottom) => {
  const marks = ticks(timeline.start, timeline.end);
  const shown = marks.length > 0 ? marks : [{ at: timeline.start, label: isoDay(timeline.start), major: true }];
  return svg(
    'g',
    { class: 'axis', 'aria-hidden': 'true' },
    shown.flatMap((tick) => [
      svg('line', {
        x1: x(tick.at),
        x2: x(tick.at),
        y1: L.top - 4,
        y2: lanesBottom + 4,
        class: tick.major ? 'gridline major' : 'gridline',
      }),
      svg('text', { x: x(tick.at), y: lanesBottom + 18, 'text-anchor': 'middle', class: tick.major ? 'tick major' : 'tick' }, [tick.label]),
    ]),
  );
};

/** Swatches for the statuses on the chart, in rows that wrap at the chart's width. */
const legendNode = (statuses, top) => {
  const items = [];
  let [col, row] = [L.labels, 0];
  for (const status of statuses) {
    const width = statusText(status).length * 6.6 + 36;
    if (col + width > L.width - L.right && col > L.labels) [col, row] = [L.labels, row + 1];
    const y = top + row * L.legendRow;
    items.push(
      svg('g', { role: 'listitem', 'aria-label': statusText(status), 'data-legend': status }, [
        svg('rect', { x: col, y, width: 14, height: 14, rx: 2, fill: colorOf(status) }),
        svg('text', { x: col + 20, y: y + 11, class: 'legend-label' }, [statusText(status)]),
      ]),
    );
    col += width;
  }
  return { node: svg('g', { role: 'list', 'aria-label': 'Legend', class: 'legend' }, items), rows: row + 1 };
};

const orderedStatuses = (timeline) => {
  const present = new Set(timeline.lanes.flatMap((lane) => lane.segments.map((s) => s.status)));
  return [...Object.keys(STATUS_COLORS).filter((s) => present.has(s)), ...[...present].filter((s) => !(s in STATUS_COLORS))];
};

const describe = (nctId, timeline) => {
  const current = timeline.lanes.map((lane) => `${lane.label}: ${statusText(lane.segments.at(-1)?.status ?? 'none')}`);
  return (
    `One lane for the trial's overall status and one per site (${timeline.lanes.length - 1}); each colored segment ` +
    `is a status from its effective date until the next change, ${isoDay(timeline.start)} to ${isoDay(timeline.end)}. ` +
    `Now: ${current.join('; ')}.`
  );
};

/** The SVG chart for a trial's (unfiltered) history, or null when no entry set a status. */
export const renderTimeline = (nctId, entries) => {
  const timeline = buildTimeline(entries);
  if (timeline === null) return null;
  const x = scale(timeline);
  const lanesBottom = L.top + timeline.lanes.length * (L.lane + L.gap) - L.gap;
  const legend = legendNode(orderedStatuses(timeline), lanesBottom + L.axis + 6);
  const height = lanesBottom + L.axis + 6 + legend.rows * L.legendRow + 4;
  return svg(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${L.width} ${height}`,
      width: L.width,
      height,
      class: 'timeline-chart',
      'aria-labelledby': 'timeline-title timeline-desc',
      'data-nct-id': nctId,
    },
    [
      svg('title', { id: 'timeline-title' }, [`Status timeline of ${nctId}`]),
      svg('desc', { id: 'timeline-desc' }, [describe(nctId, timeline)]),
      axisNode(timeline, x, lanesBottom),
      svg(
        'g',
        { class: 'lanes' },
        timeline.lanes.map((lane, i) => laneNode(lane, i, x, timeline)),
      ),
      legend.node,
    ],
  );
};
