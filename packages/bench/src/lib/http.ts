// JSON over HTTP for arranging a benchmark: a status other than the expected one fails with the body.
export async function requestJson<T>(
  method: 'GET' | 'POST',
  url: string,
  { body, token, expect }: { body?: unknown; token?: string; expect: number },
): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expect) throw new Error(`${method} ${url} answered ${response.status}, expected ${expect}: ${text}`);
  // The services validate their own responses against the contract; the benchmark trusts that here.
  return JSON.parse(text) as T;
}
