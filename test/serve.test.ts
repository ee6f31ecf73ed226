// web/serve.mjs (the server of `npm run lab`) against hostile requests, written as literal bytes
// on a raw socket. The server runs in its own Node process, as under `npm run lab`, so a throw in
// its request handler ends that process — the test then sees a request without an answer and a
// dead server. Every request must get an answer (4xx), nothing outside the served folder may ever
// come back, and after each request the server must still serve its page.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Files outside the served folder hold this marker; no answer may contain it.
const SECRET = 'bigstep-secret-4f1c2a';
const INDEX = '<h1>bigstep-index</h1>';
let tmp = '';
let root = '';
let child: ChildProcess;
let port = 0;

/** Send `bytes` as they are; the whole answer, or '' when the server closed without one. */
function raw(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => {}); // a reset is "no answer", judged by the caller
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

/** One request `line` (e.g. 'GET / HTTP/1.1') with Host and Connection: close. */
const request = (line: string, headers = ''): Promise<string> => raw(`${line}\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`);
const statusOf = (answer: string): string => answer.split('\r\n', 1)[0] || '(no answer)';
const header = (answer: string, name: string): string | undefined =>
  new RegExp(`^${name}: (.*)$`, 'im').exec(answer.split('\r\n\r\n', 1)[0]!)?.[1];

async function stillServes(): Promise<void> {
  const answer = await request('GET / HTTP/1.1');
  expect(statusOf(answer), 'GET / after a hostile request').toBe('HTTP/1.1 200 OK');
  expect(answer).toContain(INDEX);
  expect(child.exitCode, 'the server process is alive').toBe(null);
}

beforeAll(async () => {
  // tmp/secret.txt, tmp/www-evil/secret.txt (a sibling that shares the root's name as a prefix)
  // and symlinks inside the root that point out of it.
  tmp = mkdtempSync(join(tmpdir(), 'bigstep-serve-test-'));
  root = join(tmp, 'www');
  mkdirSync(join(root, 'sub'), { recursive: true });
  mkdirSync(join(tmp, 'www-evil'));
  mkdirSync(join(tmp, 'outside'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'main.js'), 'export {};');
  writeFileSync(join(root, 'style.css'), 'body {}');
  writeFileSync(join(root, 'bigstep.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(join(root, 'sub', 'index.html'), '<p>sub</p>');
  writeFileSync(join(root, '.env'), SECRET);
  writeFileSync(join(tmp, 'secret.txt'), SECRET);
  writeFileSync(join(tmp, 'www-evil', 'secret.txt'), SECRET);
  writeFileSync(join(tmp, 'outside', 'secret.txt'), SECRET);
  symlinkSync(join(tmp, 'secret.txt'), join(root, 'link-file'));
  symlinkSync('../secret.txt', join(root, 'link-relative'));
  symlinkSync(join(tmp, 'outside'), join(root, 'link-dir'));
  symlinkSync('/etc/passwd', join(root, 'passwd'));
  symlinkSync('main.js', join(root, 'inside.js')); // a symlink that stays inside is fine

  const serveUrl = new URL('../web/serve.mjs', import.meta.url).href;
  const script = `import { serve } from ${JSON.stringify(serveUrl)};
const s = await serve(${JSON.stringify(root)}, { port: 0 });
console.log('port ' + s.address().port);`;
  child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /port (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening: ${stderr}`)));
  });
  // Anything the server prints from here on (a stack, a crash) is shown with the failing test.
  child.stderr!.on('data', (d) => process.stderr.write(`[serve] ${d}`));
});

afterAll(() => {
  child?.kill();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('web/serve.mjs', () => {
  it('serves the page, the scripts and the Wasm module with their content types; HEAD has no body', async () => {
    const index = await request('GET / HTTP/1.1');
    expect(statusOf(index)).toBe('HTTP/1.1 200 OK');
    expect(header(index, 'content-type')).toBe('text/html; charset=utf-8');
    expect(index.endsWith(INDEX)).toBe(true);
    expect(header(await request('GET /index.html HTTP/1.1'), 'content-type')).toBe('text/html; charset=utf-8');
    expect(header(await request('GET /main.js HTTP/1.1'), 'content-type')).toBe('text/javascript; charset=utf-8');
    expect(header(await request('GET /style.css HTTP/1.1'), 'content-type')).toBe('text/css; charset=utf-8');
    expect(header(await request('GET /sub/ HTTP/1.1'), 'content-type')).toBe('text/html; charset=utf-8');
    expect(statusOf(await request('GET /inside.js HTTP/1.1'))).toBe('HTTP/1.1 200 OK');
    expect(statusOf(await request('GET /main.js?v=1&x=%E0 HTTP/1.1'))).toBe('HTTP/1.1 200 OK');
    const wasm = await request('GET /bigstep.wasm HTTP/1.1');
    expect(statusOf(wasm)).toBe('HTTP/1.1 200 OK');
    expect(header(wasm, 'content-type')).toBe('application/wasm');
    const head = await request('HEAD /bigstep.wasm HTTP/1.1');
    expect(statusOf(head)).toBe('HTTP/1.1 200 OK');
    expect(header(head, 'content-type')).toBe('application/wasm');
    expect(header(head, 'content-length')).toBe('8');
    expect(head.endsWith('\r\n\r\n')).toBe(true);
    expect(statusOf(await request('GET /missing.js HTTP/1.1'))).toBe('HTTP/1.1 404 Not Found');
  });

  it('a malformed percent-encoding (%E0%A4%A) is a 400, and the server goes on', async () => {
    const answer = await request('GET /%E0%A4%A HTTP/1.1');
    expect(statusOf(answer)).toBe('HTTP/1.1 400 Bad Request');
    await stillServes();
  });

  // [request line, the status expected]; every one is followed by a check that GET / still works.
  const hostile: [string, number][] = [
    ['GET /%E0%A4%A HTTP/1.1', 400],
    ['GET /%E0%A4%A/index.html HTTP/1.1', 400],
    ['GET /%ZZ HTTP/1.1', 400],
    ['GET /%C0%AE%C0%AE/%C0%AE%C0%AE/etc/passwd HTTP/1.1', 400], // overlong UTF-8 dots
    ['GET /..%c0%af..%c0%afetc/passwd HTTP/1.1', 400],
    ['GET /..%2f..%2fetc/passwd HTTP/1.1', 400],
    ['GET /..%2F..%2F..%2F..%2Fetc%2Fpasswd HTTP/1.1', 400],
    ['GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1', 400],
    ['GET /%2E%2E/secret.txt HTTP/1.1', 400],
    ['GET /../../etc/passwd HTTP/1.1', 400],
    ['GET /../secret.txt HTTP/1.1', 400],
    ['GET /../www-evil/secret.txt HTTP/1.1', 400],
    ['GET /sub/../../secret.txt HTTP/1.1', 400],
    ['GET /.. HTTP/1.1', 400],
    ['GET /./index.html HTTP/1.1', 400],
    ['GET /..\\..\\etc\\passwd HTTP/1.1', 400],
    ['GET /%5c..%5c..%5cetc%5cpasswd HTTP/1.1', 400],
    ['GET /..%5csecret.txt HTTP/1.1', 400],
    ['GET /index.html%00 HTTP/1.1', 400],
    ['GET /index.html%00.js HTTP/1.1', 400],
    ['GET /%00 HTTP/1.1', 400],
    ['GET /%252e%252e/%252e%252e/etc/passwd HTTP/1.1', 404], // double encoding: a literal name
    ['GET ../../etc/passwd HTTP/1.1', 400],
    ['GET etc/passwd HTTP/1.1', 400],
    ['GET http://127.0.0.1/etc/passwd HTTP/1.1', 400],
    ['GET //etc/passwd HTTP/1.1', 400],
    ['GET ///etc/passwd HTTP/1.1', 400],
    ['GET /etc/passwd HTTP/1.1', 404],
    ['GET * HTTP/1.1', 400],
    ['GET /link-file HTTP/1.1', 404],
    ['GET /link-relative HTTP/1.1', 404],
    ['GET /link-dir/secret.txt HTTP/1.1', 404],
    ['GET /passwd HTTP/1.1', 404],
    ['GET /.env HTTP/1.1', 404],
    ['GET /sub HTTP/1.1', 404],
    ['GET /index.html/ HTTP/1.1', 404],
    [`GET /${'a'.repeat(8000)} HTTP/1.1`, 404],
    [`GET /${'a/'.repeat(3000)} HTTP/1.1`, 404],
    [`GET /${'%2e%2e/'.repeat(1000)}etc/passwd HTTP/1.1`, 400],
    ['POST / HTTP/1.1', 405],
    ['PUT /index.html HTTP/1.1', 405],
    ['DELETE /index.html HTTP/1.1', 405],
    ['OPTIONS * HTTP/1.1', 405],
    ['PATCH /../secret.txt HTTP/1.1', 405],
  ];
  const reason: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed' };
  for (const [line, code] of hostile) {
    const shown = line.length > 80 ? `${line.slice(0, 60)}… (${line.length} bytes)` : line;
    it(`${shown} → ${code}; nothing outside the root; the page still served`, async () => {
      const answer = await request(line);
      expect(statusOf(answer)).toBe(`HTTP/1.1 ${code} ${reason[code]}`);
      expect(answer).not.toContain(SECRET);
      expect(answer).not.toContain('root:');
      if (code === 405) expect(header(answer, 'allow')).toBe('GET, HEAD');
      await stillServes();
    });
  }

  // Node's HTTP parser answers these itself (400; 431 past its 16 KiB header limit) and the
  // request handler never sees them.
  it('requests Node\'s HTTP parser refuses (garbage, unknown method, smuggling, huge headers) get an answer too', async () => {
    for (const bytes of [
      'hello\r\n\r\n',
      'BREW / HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
      'GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n',
      Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]), // a TLS ClientHello
      `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    ]) {
      const status = statusOf(await raw(bytes));
      expect(status, JSON.stringify(String(bytes).slice(0, 30))).toMatch(/^HTTP\/1\.1 4\d\d /);
      await stillServes();
    }
  });

  it('keep-alive: a bad request between two good ones on one connection', async () => {
    const answer = await raw('GET /main.js HTTP/1.1\r\nHost: x\r\n\r\nGET /%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.match(/HTTP\/1\.1 \d{3} [A-Za-z ]+/g)).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 400 Bad Request', 'HTTP/1.1 200 OK']);
    expect(answer).toContain(INDEX);
    await stillServes();
  });
});
