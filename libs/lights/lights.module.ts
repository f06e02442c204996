import { Module } from '@nestjs/common';
import { LightRulesController, LightsController } from './lights.controller.js';
import { LightsService } from './lights.service.js';

/** Status lights (燈號): rules per programme, recompute, overrides. LightsService.recompute is for the workflows that change a light's inputs. */
@Module({ controllers: [LightRulesController, LightsController], providers: [LightsService], exports: [LightsService] })
export class LightsModule {}
