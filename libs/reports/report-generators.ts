import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { REPORT_KINDS } from './report-kinds.js';
import type { ReportKind } from './report.entity.js';
import { GeneratesReport, type ReportGenerator } from './report-generator.js';

/**
 * The generators found at bootstrap (`@GeneratesReport(kind)`), one per kind. Two for one kind, or a
 * generator offering a format its kind does not list, is a programming error and stops the worker;
 * a kind with no generator in this worker is logged and its reports fail with a clear error. Most
 * generators are in libs/reports/<kind>/; the gate packet's is in libs/gates/gate-packet/.
 */
@Injectable()
export class ReportGenerators implements OnApplicationBootstrap {
  private readonly logger = new Logger('reports');
  private readonly byKind = new Map<ReportKind, ReportGenerator>();

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: GeneratesReport.KEY })) {
      const kind = this.discovery.getMetadataByDecorator(GeneratesReport, wrapper);
      if (!kind || !wrapper.instance) continue;
      const spec = REPORT_KINDS[kind];
      if (!spec) throw new Error(`${wrapper.name}: @GeneratesReport('${kind}') names no report kind (see libs/reports/report-kinds.ts)`);
      if (this.byKind.has(kind)) throw new Error(`report kind ${kind} has two generators: ${this.byKind.get(kind)!.constructor.name} and ${wrapper.name}`);
      const generator = wrapper.instance as ReportGenerator;
      const extra = generator.formats.filter((f) => !spec.formats.includes(f));
      if (extra.length) throw new Error(`${wrapper.name} generates ${kind} as ${extra.join(', ')}, which REPORT_KINDS does not list`);
      this.byKind.set(kind, generator);
    }
    const missing = (Object.keys(REPORT_KINDS) as ReportKind[]).filter((k) => !this.byKind.has(k));
    if (missing.length) this.logger.warn(`no generator for report kind(s) ${missing.join(', ')}: their reports will fail`);
  }

  get(kind: ReportKind): ReportGenerator | undefined {
    return this.byKind.get(kind);
  }
}
