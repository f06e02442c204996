import { ReportSchedule, ReportScheduleRun } from './report-schedule.entity.js';

/** This feature's entities, for libs/database/entities.ts. */
export const REPORT_SCHEDULES_ENTITIES = [ReportSchedule, ReportScheduleRun];
