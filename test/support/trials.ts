/** Request bodies shaped like the seeded trials, for the HTTP tests. */
export const registerBody = (nctId = 'NCT06171906', extra: Record<string, unknown> = {}) => ({
  nctId,
  title: 'Mesenchymal Stem Cells for Treatment of Poor Graft Function After Allogeneic HSCT',
  sponsor: { name: 'ShiCang Yu', class: 'OTHER' },
  studyType: 'INTERVENTIONAL',
  phases: ['PHASE4'],
  conditions: ['MSC', 'Poor Graft Function'],
  interventions: [{ type: 'BIOLOGICAL', name: 'mesenchymal stromal cells' }],
  enrollment: { count: 68, type: 'ESTIMATED' },
  startDate: { date: '2024-01-01', type: 'ESTIMATED' },
  completionDate: { date: '2028-11-01', type: 'ESTIMATED' },
  reason: 'Protocol approved',
  ...extra,
});

export const statusBody = (status: string, extra: Record<string, unknown> = {}) => ({
  status,
  effectiveDate: '2024-02-01',
  reason: `Moved to ${status}`,
  ...extra,
});

export const siteBody = (city: string, extra: Record<string, unknown> = {}) => ({
  facility: `Hospital of ${city}`,
  city,
  country: 'China',
  status: 'NOT_YET_RECRUITING',
  reason: 'Site contract signed',
  ...extra,
});
