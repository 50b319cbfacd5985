// Runs each snippet module in this one process, stderr into stdout, a '### n' line before each.
import { pathToFileURL } from "node:url";

console.error = console.log;
const files = process.argv.slice(2);
for (let i = 0; i < files.length; i += 1) {
  console.log(`### ${i}`);
  await import(pathToFileURL(files[i]).href);
}
