// The platform's APIs on the portal's own origin, with the user's access token. A 401 gets one
// renewal and one retry, then a new sign-in. Errors carry the RFC 9457 problem the API answered.
import { accessToken, renew, signIn } from './auth.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/**
 * Calls {@code path}. Options: method, body (sent as JSON), accept (default JSON), signal,
 * raw (return the Response: for blobs). Returns the parsed JSON (null for 204).
 */
export async function api(path, { method = 'GET', body, accept = 'application/json', signal, raw = false } = {}) {
  let response = await send(path, method, body, accept, signal);
  if (response.status === 401) {
    try {
      await renew();
    } catch {
      await signIn();
      throw new ApiError(401, { title: 'Unauthorized' });
    }
    response = await send(path, method, body, accept, signal);
  }
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      // no problem document
    }
    throw new ApiError(response.status, problem);
  }
  if (raw) {
    return response;
  }
  if (response.status === 204 || response.headers.get('Content-Length') === '0') {
    return null;
  }
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

function send(path, method, body, accept, signal) {
  const headers = { Accept: accept, Authorization: `Bearer ${accessToken()}` };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
}

/** A DICOMweb (QIDO-RS, WADO-RS metadata) call: the DICOM JSON model. */
export function dicomweb(path, options = {}) {
  return api(path, { ...options, accept: 'application/dicom+json' }).then((answer) => answer ?? []);
}

/** The first value of {@code tag} (8 hex digits) in a DICOM JSON dataset. */
export function value(dataset, tag) {
  return dataset?.[tag]?.Value?.[0];
}

/** Every value of {@code tag}. */
export function values(dataset, tag) {
  return dataset?.[tag]?.Value ?? [];
}

/** A Blob from {@code path} (a ZIP, a thumbnail, a PDF), with the token. */
export async function blob(path, accept, signal) {
  const response = await api(path, { accept, signal, raw: true });
  return response.blob();
}
