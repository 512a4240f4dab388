'use strict';
// Lets `node -r ./bench/support/register.js bench/main.ts` run the TypeScript sources in place. Running in place
// keeps the test harnesses' `__dirname`-relative paths (Kafka jars, the PostgreSQL reaper, dist/apps) right.
require('../../infra/dev/ts-register');
