import 'reflect-metadata';
import { bootstrap } from '../../apps/api/src/bootstrap';
import { BenchAppModule } from './bench-app.module';

/**
 * The benchmark's API server: the product's own start-up (apps/api/src/bootstrap.ts: configuration from the
 * environment, createApp's wiring, seeding, listening) around BenchAppModule instead of AppModule. Run from
 * source, `node -r ./bench/support/register.js bench/app/main.ts`, as the http suites do through
 * bench/support/bench-app-process.ts.
 */
void bootstrap(BenchAppModule.forRoot);
