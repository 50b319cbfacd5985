// The gateway's trimming, alone in a module so that a page can trim as the server does (paynet.wire.JAVA_TRIM)
// without the recipe interpreter's strings.

/** Java's String.trim(): strips chars <= U+0020 only; U+00A0, U+3000 and other Unicode spaces stay. */
export function javaTrim(text) {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 32) start += 1;
  while (end > start && text.charCodeAt(end - 1) <= 32) end -= 1;
  return text.slice(start, end);
}
