import { DynamicModule, Module } from '@nestjs/common';
import { AppModule, AppModuleOptions } from '../../apps/api/src/app.module';
import { ExecutorFloorHttpController } from './executor-floor.http.controller';
import { NoopCommandHttpController } from './noop-command.http.controller';

/**
 * The API with the benchmark's no-op route beside the real ones. AppModule's guards (rate limit, then bearer
 * token and role) and problem filter are global providers, and createApp installs body parsing and the strict
 * validation pipe app-wide, so the route added here meets all of them as the real command routes do.
 */
@Module({})
export class BenchAppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: BenchAppModule,
      imports: [AppModule.forRoot(options)],
      controllers: [NoopCommandHttpController, ExecutorFloorHttpController],
    };
  }
}
