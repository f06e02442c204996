/** How a sub-project is marked in one category column of its axis table (the categories are the axis's). */
export enum CategoryMark {
  /** √ 主要工作 */
  Main = 'main',
  /** △ 計畫內容涉及該範疇 */
  Involved = 'involved',
}

const MARK_SYMBOL: Record<CategoryMark, string> = { [CategoryMark.Main]: '√', [CategoryMark.Involved]: '△' };

/** A mark as the API shows it: the category, the mark and its symbol. */
export function markView(m: { category: string; mark: CategoryMark }): { category: string; mark: CategoryMark; symbol: string } {
  return { category: m.category, mark: m.mark, symbol: MARK_SYMBOL[m.mark] };
}
