// Serves the example: public/ as static files, and /config.js from the environment.
//   LATCHKEY_URL           the Latchkey server, e.g. http://localhost:8080 (must list this page's origin in its
//                          authorized origins: LATCHKEY_AUTHORIZED_ORIGINS or `latchkey project origins add`)
//   LATCHKEY_PUBLIC_TOKEN  the project's public token
//   PORT, HOST             where to listen (default 127.0.0.1:5173)
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), 'public');
const port = Number(process.env.PORT ?? 5173);
const host = process.env.HOST ?? '127.0.0.1';
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

const configJs = `window.LATCHKEY = ${JSON.stringify({
  apiUrl: process.env.LATCHKEY_URL ?? 'http://localhost:8080',
  publicToken: process.env.LATCHKEY_PUBLIC_TOKEN ?? '',
})};\n`;

const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path === '/config.js') {
    res.writeHead(200, { 'Content-Type': types['.js'], 'Cache-Control': 'no-store' });
    return res.end(configJs);
  }
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  if (!file.startsWith(root)) {
    res.writeHead(403);
    return res.end();
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  }
});

server.listen(port, host, () => {
  console.log(`example listening on http://${host}:${server.address().port}`);
});
