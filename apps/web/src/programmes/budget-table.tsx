import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';
import { ScrollTable } from '../ui/scroll-table';
import type { BudgetSummary } from './programmes.queries';

type Cell = Schemas['BudgetCellDto'];
type Kind = 'existing' | 'new' | 'all';

/** Finds one cell of the summary: axis code or null (all axes), AD year or null (whole period), kind. */
function finder(cells: Cell[]) {
  const key = (axis: string | null, year: number | null, kind: Kind) => `${axis ?? '*'}|${year ?? '*'}|${kind}`;
  const map = new Map(cells.map((c) => [key(c.axis?.code ?? null, c.year?.ad ?? null, c.kind), c.allocated]));
  return (axis: string | null, year: number | null, kind: Kind) => map.get(key(axis, year, kind)) ?? '—';
}

/**
 * The budget per axis × year × 既有/新增 laid out as the plan prints it (003 表8: each axis's years, its 合計 per kind
 * and 預算總額; then the 既有預算, 新增預算 and 合計 rows), every figure summed from the lines, and the printed totals
 * checked against those sums.
 */
export function BudgetTable({ budget }: { budget: BudgetSummary }) {
  const { t } = useTranslation('programmes');
  const cell = finder(budget.cells);
  const axes = [...new Map(budget.cells.filter((c) => c.axis).map((c) => [c.axis!.code, c.axis!])).values()].sort((a, b) => a.seq - b.seq);
  const years = budget.years;
  const yearLabel = (y: { roc: number; ad: number }) => `${t('rocYearShort', { roc: y.roc })}（${y.ad}）`;
  const checks = budget.printedTotals;
  const bad = checks.filter((c) => c.matches === false).length;

  return (
    <Stack gap="md">
      <Title order={3} size="h4" id="budget-table-title">{t('budgetTitle', { unit: budget.unit })}</Title>
      <ScrollTable minWidth={1100} labelledBy="budget-table-title">
        <Table withTableBorder withColumnBorders verticalSpacing={4} aria-labelledby="budget-table-title">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" rowSpan={2}>{t('axisCol')}</Table.Th>
              {years.map((y) => <Table.Th key={y.ad} scope="colgroup" colSpan={2} ta="center">{yearLabel(y)}</Table.Th>)}
              <Table.Th scope="colgroup" colSpan={2} ta="center">{t('subtotal')}</Table.Th>
              <Table.Th scope="col" rowSpan={2} ta="center">{t('grandTotal')}</Table.Th>
            </Table.Tr>
            <Table.Tr>
              {[...years.map((y) => y.ad), 'sum'].flatMap((y) => [
                <Table.Th key={`${y}-e`} scope="col" ta="right">{t('existing')}</Table.Th>,
                <Table.Th key={`${y}-n`} scope="col" ta="right">{t('new')}</Table.Th>,
              ])}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {axes.map((a) => (
              <Table.Tr key={a.code}>
                <Table.Th scope="row" fw={500}>{a.name}</Table.Th>
                {years.flatMap((y) => [<Cellish key={`${y.ad}e`} v={cell(a.code, y.ad, 'existing')} />, <Cellish key={`${y.ad}n`} v={cell(a.code, y.ad, 'new')} />])}
                <Cellish v={cell(a.code, null, 'existing')} bold />
                <Cellish v={cell(a.code, null, 'new')} bold />
                <Cellish v={cell(a.code, null, 'all')} bold />
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th scope="row">{t('totalExisting')}</Table.Th>
              {years.map((y) => <Table.Td key={y.ad} colSpan={2} ta="right">{cell(null, y.ad, 'existing')}</Table.Td>)}
              <Table.Td colSpan={2} ta="right" fw={700}>{cell(null, null, 'existing')}</Table.Td>
              <Table.Td ta="right" fw={700}>{cell(null, null, 'existing')}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('totalNew')}</Table.Th>
              {years.map((y) => <Table.Td key={y.ad} colSpan={2} ta="right">{cell(null, y.ad, 'new')}</Table.Td>)}
              <Table.Td colSpan={2} ta="right" fw={700}>{cell(null, null, 'new')}</Table.Td>
              <Table.Td ta="right" fw={700}>{cell(null, null, 'new')}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('totalAll')}</Table.Th>
              {years.map((y) => <Table.Td key={y.ad} colSpan={2} ta="right" fw={700}>{cell(null, y.ad, 'all')}</Table.Td>)}
              <Table.Td colSpan={2} ta="right" fw={700}>{cell(null, null, 'all')}</Table.Td>
              <Table.Td ta="right" fw={700}>{cell(null, null, 'all')}</Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </ScrollTable>

      {checks.length > 0 && (
        <>
          <Title order={3} size="h4" id="budget-checks-title">{t('checksTitle')}</Title>
          <Text size="sm">{t('checksHint')}</Text>
          <Text fw={600} role="status">{bad ? t('checksSummaryBad', { bad, count: checks.length }) : t('checksSummaryOk', { count: checks.length })}</Text>
          <ScrollTable minWidth={640} labelledBy="budget-checks-title">
            <Table striped verticalSpacing={4} aria-labelledby="budget-checks-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('row')}</Table.Th>
                  <Table.Th scope="col">{t('column')}</Table.Th>
                  <Table.Th scope="col" ta="right">{t('printed')}</Table.Th>
                  <Table.Th scope="col" ta="right">{t('computed')}</Table.Th>
                  <Table.Th scope="col">{t('check')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {checks.map((c, i) => (
                  <Table.Tr key={i}>
                    <Table.Th scope="row" fw={500}>{c.rowLabel}</Table.Th>
                    <Table.Td>
                      {c.column === 'year' && c.year ? yearLabel(c.year) : c.column}
                      {c.kind !== 'all' && `（${t(c.kind)}）`}
                    </Table.Td>
                    <Table.Td ta="right">{c.printed}</Table.Td>
                    <Table.Td ta="right">{c.computed ?? '—'}</Table.Td>
                    <Table.Td>
                      {c.matches === null ? t('noSum') : (
                        <Badge variant="outline" radius="sm" styles={{ root: { textTransform: 'none', color: c.matches ? '#1b4d24' : '#8a1212', borderColor: c.matches ? '#2b8a3e' : '#c92a2a', background: c.matches ? '#d3f9d8' : '#ffe3e3' } }}>
                          {c.matches ? t('matches') : t('differs')}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </>
      )}
    </Stack>
  );
}

function Cellish({ v, bold }: { v: string; bold?: boolean }) {
  return <Table.Td ta="right" fw={bold ? 700 : undefined} style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</Table.Td>;
}
