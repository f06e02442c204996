import { NotificationPreference } from './notification-preference.entity.js';
import { Notification } from './notification.entity.js';

/** This feature's entities, for libs/database/entities.ts. */
export const NOTIFICATIONS_ENTITIES = [Notification, NotificationPreference];
