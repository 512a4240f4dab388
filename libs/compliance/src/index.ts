export * from './compliance/known-on';
export * from './compliance/compliance-report';
export * from './exports/export-formats';
export * from './exports/formats/audit-export';
export * from './exports/access-log/access-entry';
export * from './exports/access-log/access-log-formats';
