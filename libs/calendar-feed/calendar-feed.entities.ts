import { CalendarFeed } from './calendar-feed.entity.js';

/** This feature's entities, for libs/database/entities.ts. */
export const CALENDAR_FEED_ENTITIES = [CalendarFeed];
