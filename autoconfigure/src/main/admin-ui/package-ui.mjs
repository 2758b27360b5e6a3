// Copies the official Admin UI (@socket.io/admin-ui's ui/dist) and the Material Design Icons font
// into the jar's classes (argument: the target directory), and points index.html at that font
// instead of its CDN; the Google Fonts link is dropped (the page falls back to the system font),
// so the UI served by the application needs no Internet access. Source maps are left out.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const target = process.argv[2];
if (!target) {
  throw new Error("usage: node package-ui.mjs <target directory>");
}
const dist = "node_modules/@socket.io/admin-ui/ui/dist";
const mdi = "node_modules/@mdi/font";
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
cpSync(dist, target, { recursive: true, filter: (source) => !source.endsWith(".map") });
mkdirSync(join(target, "mdi/css"), { recursive: true });
mkdirSync(join(target, "mdi/fonts"), { recursive: true });
cpSync(join(mdi, "css/materialdesignicons.min.css"), join(target, "mdi/css/materialdesignicons.min.css"));
for (const font of ["materialdesignicons-webfont.woff2", "materialdesignicons-webfont.woff"]) {
  cpSync(join(mdi, "fonts", font), join(target, "mdi/fonts", font));
}
const css = join(target, "mdi/css/materialdesignicons.min.css");
// keep only the font formats copied (woff2, woff): no request for a missing file
writeFileSync(css, readFileSync(css, "utf8")
  .replace(/src:url\([^)]*\.eot[^)]*\);/, "")
  .replace(/url\("?\.\.\/fonts\/materialdesignicons-webfont\.eot\?#iefix[^)]*\)\s*format\("embedded-opentype"\),/, "")
  .replace(/,url\("?\.\.\/fonts\/materialdesignicons-webfont\.ttf[^)]*\)\s*format\("truetype"\)/, ""));
const index = join(target, "index.html");
const original = readFileSync(index, "utf8");
const html = original
  .replace(/<link rel="stylesheet" href="https:\/\/fonts\.googleapis\.com\/[^"]*">/, "")
  .replace("https://cdn.jsdelivr.net/npm/@mdi/font@latest/css/materialdesignicons.min.css",
    "mdi/css/materialdesignicons.min.css");
if (html.includes("https://")) {
  throw new Error("index.html still loads something from the Internet: " + html);
}
writeFileSync(index, html);
