import { Module } from '@nestjs/common';
import { RoadmapController } from './roadmap.controller.js';
import { RoadmapService } from './roadmap.service.js';

/** The roadmap (推動路程): sub-projects × periods with their milestones. */
@Module({ controllers: [RoadmapController], providers: [RoadmapService] })
export class RoadmapModule {}
