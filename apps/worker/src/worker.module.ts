import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { Clock } from '../../../libs/common/clock.js';
import { ClockModule } from '../../../libs/common/clock.module.js';
import { ConfigModule } from '../../../libs/config/index.js';
import { DatabaseModule } from '../../../libs/database/index.js';
import { HealthService } from '../../../libs/health/health.service.js';
import { DigestsModule } from '../../../libs/digests/digests.module.js';
import { GatesWorkerModule } from '../../../libs/gates/gates-worker.module.js';
import { NotificationReconciler } from '../../../libs/notifications/ledger.js';
import { NotificationsModule } from '../../../libs/notifications/notifications.module.js';
import { OutboxModule } from '../../../libs/outbox/outbox.module.js';
import { RedisModule } from '../../../libs/queue/index.js';
import { RemindersModule } from '../../../libs/reminders/reminders.module.js';
import { ReportsWorkerModule } from '../../../libs/reports/reports-worker.module.js';
import { ReportSchedulesWorkerModule } from '../../../libs/report-schedules/report-schedules-worker.module.js';
import { UsersWorkerModule } from '../../../libs/users/users-worker.module.js';
import { JobRunner } from './job-runner.js';
import { Schedulers } from './schedulers.js';
import { WorkerHealth } from './worker-health.js';

export interface WorkerModuleOptions {
  /** Tests pass a clock they control. */
  clock?: Clock;
}

/** The worker process: a Nest application context with no API. It relays the outbox and runs the BullMQ processors. */
@Module({})
export class WorkerModule {
  static register(options: WorkerModuleOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule,
        ClockModule.forRoot(options.clock),
        DatabaseModule,
        RedisModule,
        DiscoveryModule,
        OutboxModule,
        NotificationsModule,
        RemindersModule,
        DigestsModule,
        ReportSchedulesWorkerModule,
        ReportsWorkerModule,
        GatesWorkerModule,
        UsersWorkerModule,
      ],
      providers: [HealthService, JobRunner, WorkerHealth, Schedulers, NotificationReconciler],
    };
  }
}
