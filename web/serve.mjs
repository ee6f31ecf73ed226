// `npm run lab`: a tiny static server for web/dist on 127.0.0.1:$PORT (default 5173). A taken
// port is an error with a clear message — never a silent move to another port.
// Every request gets an answer and none ends the server: a method other than GET/HEAD is a 405;
// a request target that is not a clean path (bad %-encoding, NUL, backslash, an encoded "/",
// "." or ".." segments, empty segments, absolute-form) is a 400; anything else that is not a
// regular file whose real path (symlinks resolved) lies inside the served folder — hidden
// files and folders included — is a 404. Node's HTTP parser answers what it cannot parse itself.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { pipeline } from 'node:stream';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.map': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml',
};

/** The path segments of an origin-form request target (index.html for a trailing "/"), or null
 *  when it is not a clean path. The query is ignored. */
/** @param {string} target
 *  @returns {string[] | null} */
function segmentsOf(target) {
  const path = target.split(/[?#]/, 1)[0];
  if (!path.startsWith('/')) return null; // absolute-form, "*", a relative path
  const parts = path.slice(1).split('/');
  if (parts.at(-1) === '') parts[parts.length - 1] = 'index.html';
  const out = [];
  for (const part of parts) {
    let name;
    try { name = decodeURIComponent(part); } catch { return null; }
    if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) return null;
    out.push(name);
  }
  return out;
}

/** @param {import('node:http').ServerResponse} res
 *  @param {number} status
 *  @param {string} text
 *  @param {Record<string, string>} [headers] */
function reply(res, status, text, headers = {}) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** @param {string} dir
 *  @param {import('node:http').IncomingMessage} req
 *  @param {import('node:http').ServerResponse} res */
async function handle(dir, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'method not allowed\n', { allow: 'GET, HEAD' });
  const parts = segmentsOf(req.url ?? '');
  if (!parts) return reply(res, 400, 'bad request\n');
  if (parts.some((p) => p.startsWith('.'))) return reply(res, 404, 'not found\n');
  let file, info;
  try {
    // Resolved per request: the folder may be (re)built after the server starts.
    const root = await realpath(dir);
    file = await realpath(join(root, ...parts));
    if (!file.startsWith(root + sep)) throw new Error('outside the served folder');
    info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
  } catch {
    return reply(res, 404, 'not found\n');
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': info.size,
    'cache-control': 'no-cache', 'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  // pipeline closes the file when the client goes away and cuts the answer if the read fails.
  pipeline(createReadStream(file), res, () => {});
}

/** Serve `dir` on host:port; resolves with the server once listening, rejects (EADDRINUSE
 *  included) with a message naming the port.
 *  @param {string} dir
 *  @param {{ port?: number, host?: string }} [opts]
 *  @returns {Promise<import('node:http').Server>} */
export function serve(dir, { port = 5173, host = '127.0.0.1' } = {}) {
  const server = createServer((req, res) => {
    handle(dir, req, res).catch(() => {
      if (res.headersSent) res.destroy(); else reply(res, 500, 'internal error\n');
    });
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
