import { ApiProperty } from '@nestjs/swagger';
import { ProgrammeRefDto, YearDto } from '../common/views.js';

export class AxisRefDto {
  @ApiProperty() code: string;
  @ApiProperty() seq: number;
  @ApiProperty() name: string;
}

class BudgetAmountDto {
  @ApiProperty({ description: 'Exact decimal, 億元', example: '19.43' }) allocated: string;
  @ApiProperty({ type: String, nullable: true, description: 'Exact decimal, 億元; null while nothing is reported' }) executed: string | null;
}

export class BudgetCellDto extends BudgetAmountDto {
  @ApiProperty({ type: AxisRefDto, nullable: true, description: 'null: all axes' }) axis: AxisRefDto | null;
  @ApiProperty({ type: YearDto, nullable: true, description: 'null: the whole period' }) year: YearDto | null;
  @ApiProperty({ enum: ['existing', 'new', 'all'], description: '既有 / 新增 / both' }) kind: 'existing' | 'new' | 'all';
}

export class PrintedFigureDto {
  @ApiProperty({ example: '既有預算' }) rowLabel: string;
  @ApiProperty({ example: 'year', description: '`year`, `合計` or `預算總額`' }) column: string;
  @ApiProperty({ type: YearDto, nullable: true }) year: YearDto | null;
  @ApiProperty({ enum: ['existing', 'new', 'all'] }) kind: string;
  @ApiProperty({ description: 'As printed in the document', example: '90.59' }) printed: string;
  @ApiProperty({ type: String, nullable: true, description: 'The same cell summed from the budget lines; null when no line covers it' }) computed: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) matches: boolean | null;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
}

export class BudgetSummaryDto {
  @ApiProperty({ type: ProgrammeRefDto }) programme: ProgrammeRefDto;
  @ApiProperty({ example: '億元' }) unit: string;
  @ApiProperty({ type: [YearDto] }) years: YearDto[];
  @ApiProperty({ type: [BudgetCellDto], description: 'Every axis × year × existing/new line, and every subtotal (axis, year or kind null / all)' })
  cells: BudgetCellDto[];
  @ApiProperty({ type: [PrintedFigureDto], description: 'Totals as the document prints them, checked against the sums' })
  printedTotals: PrintedFigureDto[];
}
