import { Module } from '@nestjs/common';
import { AccountModule } from '../../../libs/account/account.module.js';
import { CalendarFeedModule } from '../../../libs/calendar-feed/calendar-feed.module.js';
import { ExportsModule } from '../../../libs/exports/exports.module.js';
import { ImportsModule } from '../../../libs/imports/imports.module.js';
import { InboxModule } from '../../../libs/inbox/inbox.module.js';
import { ProgrammeSetupModule } from '../../../libs/programme-setup/programme-setup.module.js';
import { RoadmapModule } from '../../../libs/roadmap/roadmap.module.js';
import { UsersModule } from '../../../libs/users/users.module.js';
import { AccessModule } from '../../../libs/access/access.module.js';
import { AuditModule } from '../../../libs/audit/audit.module.js';
import { AuthModule } from '../../../libs/auth/auth.module.js';
import { BudgetModule } from '../../../libs/budget/budget.module.js';
import { ClockModule } from '../../../libs/common/clock.module.js';
import { ConfigModule } from '../../../libs/config/index.js';
import { DatabaseModule } from '../../../libs/database/index.js';
import { DashboardsModule } from '../../../libs/dashboards/dashboards.module.js';
import { GatesModule } from '../../../libs/gates/gates.module.js';
import { HealthModule } from '../../../libs/health/health.module.js';
import { LightsModule } from '../../../libs/lights/lights.module.js';
import { MeetingsModule } from '../../../libs/meetings/meetings.module.js';
import { MyWorkModule } from '../../../libs/my-work/my-work.module.js';
import { NotificationsApiModule } from '../../../libs/notifications/notifications-api.module.js';
import { SubmissionsModule } from '../../../libs/submissions/submissions.module.js';
import { OrganisationsModule } from '../../../libs/organisations/organisations.module.js';
import { ProgrammesModule } from '../../../libs/programmes/programmes.module.js';
import { RedisModule } from '../../../libs/queue/index.js';
import { QueueDashboardModule } from '../../../libs/queue-dashboard/queue-dashboard.module.js';
import { ReportSchedulesModule } from '../../../libs/report-schedules/report-schedules.module.js';
import { ReminderPolicyModule } from '../../../libs/reminders/reminder-policy.module.js';
import { ReportsModule } from '../../../libs/reports/reports.module.js';
import { SubProjectsModule } from '../../../libs/sub-projects/sub-projects.module.js';

@Module({
  imports: [
    ConfigModule,
    ClockModule.forRoot(),
    DatabaseModule,
    RedisModule,
    AuthModule,
    AccessModule,
    AuditModule,
    HealthModule,
    OrganisationsModule,
    ProgrammesModule,
    SubProjectsModule,
    BudgetModule,
    SubmissionsModule,
    MeetingsModule,
    LightsModule,
    DashboardsModule,
    MyWorkModule,
    QueueDashboardModule,
    NotificationsApiModule,
    ReportSchedulesModule,
    ReminderPolicyModule,
    GatesModule,
    ReportsModule,
    AccountModule,
    CalendarFeedModule,
    ExportsModule,
    ImportsModule,
    InboxModule,
    ProgrammeSetupModule,
    RoadmapModule,
    UsersModule,
  ],
})
export class ApiModule {}
