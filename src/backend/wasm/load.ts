// One loading path for the Wasm module: a file in Node, fetch in browsers and workers.
// The module is compiled once; instantiate it as often as needed (one instance per worker).

/** Where the release build lands (asconfig.json). Resolves the same from src/ and dist/. */
export const DEFAULT_WASM_URL = new URL('../../../build/bigstep.wasm', import.meta.url);

let cached: Promise<WebAssembly.Module> | undefined;

/** Compile the module at `url` (default: the release build), once per URL per process. */
export function compileWasm(url: URL = DEFAULT_WASM_URL): Promise<WebAssembly.Module> {
  if (url === DEFAULT_WASM_URL && cached) return cached;
  const compiled = fetchBytes(url).then((bytes) => WebAssembly.compile(bytes));
  if (url === DEFAULT_WASM_URL) cached = compiled;
  return compiled;
}

async function fetchBytes(url: URL): Promise<ArrayBuffer> {
  if (url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    try {
      const buf = await readFile(url);
      return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    } catch (err) {
      throw new Error(`bigstep: cannot read the Wasm core at ${url.pathname} — run \`npm run build\` first (${(err as Error).message})`);
    }
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`bigstep: cannot fetch the Wasm core at ${url} (HTTP ${res.status})`);
  return res.arrayBuffer();
}
