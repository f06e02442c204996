/** The limits every import file is read within; a file beyond one is refused before it is read further. */
export interface ReadLimits {
  /** The uploaded file itself (checked while the body streams in). */
  maxFileBytes: number;
  /** All entries of a ZIP container (XLSX, ODS) together, once inflated. */
  maxInflatedBytes: number;
  /** Inflated ÷ compressed size of one entry larger than `ratioFloorBytes`. */
  maxCompressionRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
  maxColumns: number;
  maxRows: number;
  /** Characters of one cell. */
  maxCellChars: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxInflatedBytes: 256 * 1024 * 1024,
  maxCompressionRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  maxEntries: 2000,
  maxColumns: 10_000,
  maxRows: 200_000,
  maxCellChars: 32_767,
};
