import { createServer, type Server } from "node:http";

export interface FakeMedia {
  bytes: Buffer;
  mimeType: string;
  /** Answer this status instead of the file (to test failures). */
  failWith?: number;
}

/**
 * A local stand-in for the Graph-style media API that Meta, 360dialog and
 * Kapso's proxy speak: GET /{media-id} → { url, mime_type, … } and GET on
 * that url → the bytes, both requiring the given credential header.
 */
export async function startFakeGraphApi(options: { header: string; value: string }) {
  const media = new Map<string, FakeMedia>();
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    requests.push(`${request.method} ${url.pathname}`);
    if (request.headers[options.header.toLowerCase()] !== options.value) {
      response.writeHead(401, { "content-type": "application/json" }).end('{"error":{"message":"Invalid OAuth access token","code":190}}');
      return;
    }
    const download = url.pathname.match(/^\/download\/(.+)$/);
    const id = decodeURIComponent(download?.[1] ?? url.pathname.slice(1));
    const file = media.get(id);
    if (!file) {
      response.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"Unsupported get request","code":100}}');
      return;
    }
    if (file.failWith) {
      response
        .writeHead(file.failWith, { "content-type": "application/json" })
        .end('{"error":{"message":"Service temporarily unavailable","code":2}}');
      return;
    }
    if (download) {
      response.writeHead(200, { "content-type": file.mimeType, "content-length": file.bytes.byteLength }).end(file.bytes);
      return;
    }
    const { port } = server.address() as { port: number };
    response.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        messaging_product: "whatsapp",
        url: `http://127.0.0.1:${port}/download/${encodeURIComponent(id)}?ext=1&hash=abc`,
        mime_type: file.mimeType,
        sha256: "x",
        file_size: file.bytes.byteLength,
        id,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    media,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
