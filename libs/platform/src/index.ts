export * from './problem/problem';
export * from './validation/validation';
export * from './auth/roles';
export * from './auth/jwt';
export * from './auth/jwt-auth.guard';
export * from './config/app-config';
export * from './config/jwt-secret';
export * from './config/kafka-config';
