// `npm run lab`: a tiny static server for web/dist on 127.0.0.1:$PORT (default 5173). A taken
// port is an error with a clear message — never a silent move to another port.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.map': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml',
};

/** Serve `dir` on host:port; resolves with the server once listening, rejects (EADDRINUSE
 *  included) with a message naming the port.
 *  @param {string} dir
 *  @param {{ port?: number, host?: string }} [opts]
 *  @returns {Promise<import('node:http').Server>} */
export function serve(dir, { port = 5173, host = '127.0.0.1' } = {}) {
  const root = normalize(dir + sep);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? path + 'index.html' : path));
    let ok = file.startsWith(root);
    try { ok = ok && statSync(file).isFile(); } catch { ok = false; }
    if (!ok || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(ok ? 405 : 404, { 'content-type': 'text/plain' }).end(ok ? 'method not allowed' : 'not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    if (req.method === 'HEAD') res.end(); else createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', (/** @type {NodeJS.ErrnoException} */ err) => reject(err.code === 'EADDRINUSE'
      ? new Error(`bigstep lab: port ${port} on ${host} is taken — stop what uses it or choose another with PORT=<port>`)
      : err));
    server.listen(port, host, () => resolve(server));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'dist');
  const raw = process.env.PORT ?? '5173';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    console.error(`bigstep lab: PORT: got ${JSON.stringify(raw)}; allowed: an integer in [1, 65535]`);
    process.exit(1);
  }
  serve(dir, { port }).then(
    () => console.log(`bigstep lab: serving ${dir} at http://127.0.0.1:${port}/  (Ctrl-C stops)`),
    (err) => { console.error(err.message); process.exit(1); },
  );
}
