// The first part of a multipart/related answer (WADO-RS bulk data is always multipart): the bytes
// between the first part's headers and the next boundary.

export async function firstPart(response) {
  const type = response.headers.get('Content-Type') ?? '';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!boundary) {
    return bytes;
  }
  const start = indexOf(bytes, ascii('\r\n\r\n'), indexOf(bytes, ascii(`--${boundary}`), 0));
  if (start < 0) {
    throw new Error('malformed multipart answer');
  }
  const end = indexOf(bytes, ascii(`\r\n--${boundary}`), start + 4);
  return bytes.subarray(start + 4, end < 0 ? bytes.length : end);
}

function ascii(text) {
  return new TextEncoder().encode(text);
}

function indexOf(bytes, pattern, from) {
  if (from < 0) {
    return -1;
  }
  outer: for (let i = from; i <= bytes.length - pattern.length; i++) {
    for (let j = 0; j < pattern.length; j++) {
      if (bytes[i + j] !== pattern[j]) {
        continue outer;
      }
    }
    return i;
  }
  return -1;
}
