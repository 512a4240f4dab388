// First: OpenTelemetry patches what the imports below load.
import './tracing';
import 'reflect-metadata';
import { AppModule } from './app.module';
import { bootstrap } from './bootstrap';

void bootstrap(AppModule.forRoot);
