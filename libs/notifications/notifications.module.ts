import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { NotificationLedger } from './ledger.js';
import { Mailer } from './mailer.js';
import { NotificationSendHandler } from './notification-send.handler.js';
import { NotificationRenderers } from './renderer-registry.js';
import { DueDateChangeRenderer } from './templates/due-date-change.renderer.js';
import { GateEventRenderer } from './templates/gate-event.renderer.js';
import { MilestoneRenderer } from './templates/milestone.renderer.js';
import { ResolutionRenderer } from './templates/resolution.renderer.js';
import { SubmissionRenderer } from './templates/submission.renderer.js';
import { StatusLightRenderer } from './templates/status-light.renderer.js';
import { SubProjectRenderer } from './templates/sub-project.renderer.js';
import { EventNotifications } from './event-notifications.js';

/** Worker side of notifications: the ledger, workflow events into it, the renderers and the send job. */
@Module({
  imports: [DiscoveryModule],
  providers: [
    NotificationLedger,
    Mailer,
    NotificationRenderers,
    NotificationSendHandler,
    EventNotifications,
    MilestoneRenderer,
    SubProjectRenderer,
    SubmissionRenderer,
    ResolutionRenderer,
    DueDateChangeRenderer,
    StatusLightRenderer,
    GateEventRenderer,
  ],
  exports: [NotificationLedger],
})
export class NotificationsModule {}
