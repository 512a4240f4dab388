export * from './compliance/known-on';
export * from './compliance/compliance-report';
export * from './exports/export-formats';
export * from './exports/formats/audit-export';
