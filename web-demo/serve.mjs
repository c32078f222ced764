#!/usr/bin/env node
// A tiny static file server for the built demo (web-demo/dist), bound to
// 127.0.0.1 only. Used by scripts/demo.sh and by the browser tests; it
// needs nothing but Node.
//
//   node web-demo/serve.mjs [DIR] [--port N]    (N = 0: any free port)
//
// It serves files under DIR and nothing else: GET and HEAD only, no
// directory listings (a directory serves its index.html), `..` and
// symlinks out of DIR refused, `application/wasm` for .wasm (which
// WebAssembly.instantiateStreaming requires), and no caching, so a rebuild
// shows on reload.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".ts": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/**
 * Starts serving `root` on `host:port`; resolves once it listens.
 * @param {{root: string, port?: number, host?: string}} options
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>}>}
 */
export async function serve({ root, port = 0, host = "127.0.0.1" }) {
  const base = fs.realpathSync(root);
  const server = http.createServer((req, res) => {
    const send = (status, body, type = "text/plain; charset=utf-8") => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "method not allowed\n");
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    } catch {
      return send(400, "bad path\n");
    }
    let file = path.join(base, rel);
    try {
      if (fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
      file = fs.realpathSync(file);
    } catch {
      return send(404, "not found\n");
    }
    if (file !== base && !file.startsWith(base + path.sep)) return send(404, "not found\n");
    fs.readFile(file, (err, body) => {
      if (err) return send(404, "not found\n");
      send(200, body, TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream");
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const actual = /** @type {import("node:net").AddressInfo} */ (server.address()).port;
  return {
    url: `http://${host}:${actual}/`,
    port: actual,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

// Run as a program.
if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "dist");
  let port = 8765;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--port") port = Number(args[++i]);
    else if (args[i].startsWith("--port=")) port = Number(args[i].slice(7));
    else dir = args[i];
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve.mjs: --port must be 0..65535, got ${port}`);
    process.exit(2);
  }
  if (!fs.existsSync(path.join(dir, "index.html"))) {
    console.error(`serve.mjs: ${dir}/index.html not found: run scripts/demo.sh --build-only first`);
    process.exit(1);
  }
  const s = await serve({ root: dir, port }).catch((err) => {
    console.error(`serve.mjs: cannot listen on 127.0.0.1:${port}: ${err.message}`);
    process.exit(1);
  });
  console.log(`modelroute demo: ${s.url}  (Ctrl-C to stop)`);
  const stop = () => s.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
