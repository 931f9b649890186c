export function mergeBundleSources(dir: string): Record<string, string>;
export function writeBundles(srcDir?: string, outDir?: string): string[];
