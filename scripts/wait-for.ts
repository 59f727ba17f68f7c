/**
 * `tsx scripts/wait-for.ts <url> [seconds]`: waits until the URL answers
 * (any status below 500), then exits 0; exits 1 after the time limit
 * (default 300 s). Lets a second app instance or a worker start only once
 * the first instance has prepared the shared database.
 */
export {};

const [url, seconds = "300"] = process.argv.slice(2);
if (!url) {
  console.error("usage: tsx scripts/wait-for.ts <url> [seconds]");
  process.exit(2);
}
const deadline = Date.now() + Number(seconds) * 1000;
while (true) {
  const status = await fetch(url, { redirect: "manual" }).then(
    (response) => response.status,
    () => null,
  );
  if (status !== null && status < 500) process.exit(0);
  if (Date.now() > deadline) {
    console.error(`${url} did not answer within ${seconds} s`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}
