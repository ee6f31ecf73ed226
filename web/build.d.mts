export function buildWeb(outDir?: string): Promise<string>;
