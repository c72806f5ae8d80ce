// The JSON API client. Every error, whatever the server sent, becomes an ApiError with a short
// readable message; a response body that is not JSON is never shown.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

/** One path segment, escaped ("European Union" -> "European%20Union"). */
export function seg(value) {
  return encodeURIComponent(String(value));
}

/** GET api/<path> with the given query parameters (empty ones left out); resolves to parsed JSON. */
export async function api(path, params = {}, {signal} = {}) {
  // relative to the page, so the page also works when the server is mounted under a prefix
  const url = new URL("api/" + path, document.baseURI);
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    url.searchParams.set(key, String(value));
  }
  let resp;
  try {
    resp = await fetch(url, {headers: {Accept: "application/json"}, signal, credentials: "same-origin"});
  } catch (err) {
    if (err && err.name === "AbortError") throw err;
    throw new ApiError(0, "network", "The geopol server could not be reached.");
  }
  let body = null;
  if ((resp.headers.get("content-type") || "").includes("json")) {
    try {
      body = await resp.json();
    } catch {
      body = null;
    }
  }
  if (!resp.ok) {
    const e = body && typeof body === "object" ? body.error : null;
    const message = e && typeof e.message === "string" && e.message ? e.message : `${resp.status} ${resp.statusText || "error"}`;
    const code = e && typeof e.code === "string" ? e.code : `HTTP ${resp.status}`;
    throw new ApiError(resp.status, code, message);
  }
  if (body === null) throw new ApiError(resp.status, "bad-response", "The server's answer was not JSON.");
  return body;
}
