import { Module } from '@nestjs/common';
import { GateConditionsController, GateReviewsController, GateTemplatesController } from './gates.controller.js';
import { GatesService } from './gates.service.js';

/** Stage-gate reviews of flagship sub-projects (API side). */
@Module({ controllers: [GateTemplatesController, GateReviewsController, GateConditionsController], providers: [GatesService] })
export class GatesModule {}
