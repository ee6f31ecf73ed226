// Command-line argument helpers shared by the commands.

/** `--eta -1` → `--eta=-1`: parseArgs would read a negative number as an option, and the user
 *  should hear that eta must be positive (or the seed non-negative), not that the option is
 *  ambiguous. */
export function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (argv[i].startsWith('--') && !argv[i].includes('=') && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]);
  }
  return out;
}
