import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Supabase Storage's REST API, the part the app's real `@supabase/storage-js`
 * client calls, for tests: buckets (get, create), objects (upload with
 * x-upsert, authenticated download), signed URLs (sign, then download with
 * the token), and Storage's error bodies. Requests need the secret key,
 * except a signed URL's download, which needs a valid, unexpired token.
 */
export async function startFakeSupabaseStorage(options: { secretKey: string }) {
  const buckets = new Map<string, { public: boolean }>();
  const objects = new Map<string, { bytes: Buffer; contentType: string }>();
  const signingKey = randomUUID();
  const sign = (path: string, expires: number) => createHmac("sha256", signingKey).update(`${path}:${expires}`).digest("hex");

  const send = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  };
  const storageError = (response: ServerResponse, status: number, error: string, message: string) =>
    send(response, status, { statusCode: String(status), error, message });
  const body = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const authorized = (request: IncomingMessage) =>
    request.headers.apikey === options.secretKey && request.headers.authorization === `Bearer ${options.secretKey}`;

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://storage.local");
    const route = url.pathname.replace(/^\/storage\/v1/, "");
    const signedDownload = route.match(/^\/object\/sign\/(.+)$/);
    if (request.method === "GET" && signedDownload?.[1]) {
      const path = decodeURIComponent(signedDownload[1]);
      const [expires, mac] = (url.searchParams.get("token") ?? "").split(".");
      const expected = expires ? sign(path, Number(expires)) : "";
      const valid = mac?.length === expected.length && timingSafeEqual(Buffer.from(mac), Buffer.from(expected));
      if (!valid) return storageError(response, 400, "InvalidSignature", "The signature is invalid");
      if (Number(expires) < Date.now() / 1000) return storageError(response, 400, "InvalidJWT", "jwt expired");
      const object = objects.get(path);
      if (!object) return storageError(response, 404, "not_found", "Object not found");
      response.writeHead(200, { "content-type": object.contentType });
      return response.end(object.bytes);
    }
    if (!authorized(request)) return storageError(response, 403, "Unauthorized", "Invalid Compact JWS");

    const bucketRoute = route.match(/^\/bucket\/?([^/]*)$/);
    if (bucketRoute) {
      if (request.method === "GET" && bucketRoute[1]) {
        const bucket = buckets.get(bucketRoute[1]);
        if (!bucket) return storageError(response, 404, "Bucket not found", "Bucket not found");
        return send(response, 200, { id: bucketRoute[1], name: bucketRoute[1], public: bucket.public });
      }
      if (request.method === "POST") {
        const input = JSON.parse((await body(request)).toString()) as { id: string; public?: boolean };
        if (buckets.has(input.id)) return storageError(response, 409, "Duplicate", "The resource already exists");
        buckets.set(input.id, { public: input.public === true });
        return send(response, 200, { name: input.id });
      }
    }
    const signRoute = route.match(/^\/object\/sign\/(.+)$/);
    if (request.method === "POST" && signRoute?.[1]) {
      const path = decodeURIComponent(signRoute[1]);
      if (!objects.has(path)) return storageError(response, 404, "not_found", "Object not found");
      const { expiresIn } = JSON.parse((await body(request)).toString()) as { expiresIn: number };
      const expires = Math.floor(Date.now() / 1000) + expiresIn;
      return send(response, 200, { signedURL: `/object/sign/${path}?token=${expires}.${sign(path, expires)}` });
    }
    const objectRoute = route.match(/^\/object\/(?:authenticated\/)?(.+)$/);
    if (objectRoute?.[1]) {
      const path = decodeURIComponent(objectRoute[1]);
      const bucket = path.split("/")[0] ?? "";
      if (!buckets.has(bucket)) return storageError(response, 404, "Bucket not found", "Bucket not found");
      if (request.method === "POST" || request.method === "PUT") {
        if (objects.has(path) && request.headers["x-upsert"] !== "true") {
          return storageError(response, 409, "Duplicate", "The resource already exists");
        }
        objects.set(path, { bytes: await body(request), contentType: String(request.headers["content-type"] ?? "") });
        return send(response, 200, { Id: randomUUID(), Key: path });
      }
      if (request.method === "GET") {
        const object = objects.get(path);
        if (!object) return storageError(response, 404, "not_found", "Object not found");
        response.writeHead(200, { "content-type": object.contentType });
        return response.end(object.bytes);
      }
    }
    storageError(response, 404, "not_found", `No route ${request.method} ${url.pathname}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    buckets,
    objects,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
