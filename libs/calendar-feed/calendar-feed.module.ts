import { Module } from '@nestjs/common';
import { CalendarFeedController, CalendarFeedSettingsController } from './calendar-feed.controller.js';
import { CalendarFeedService } from './calendar-feed.service.js';

/** Private iCalendar feeds of a user's dates. */
@Module({ controllers: [CalendarFeedSettingsController, CalendarFeedController], providers: [CalendarFeedService] })
export class CalendarFeedModule {}
