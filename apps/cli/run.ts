/** Runs a CLI step; a failure prints one readable message (not a driver dump) and exits 1. */
export async function runCli(step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (e) {
    const err = e as Error & { detail?: string; query?: string };
    console.error(`\n✖ ${err.message}${err.detail ? `\n  ${err.detail}` : ''}`);
    process.exitCode = 1;
  }
}
