// What an outside provider's API said when it answered an error: OVH and GitHub both explain in {"message": …}.

/** The answer's "message", else the start of its body, else its status text. */
export async function providerMessage(response: Response): Promise<string> {
  const body = await response.text();
  try {
    const { message } = JSON.parse(body) as { message?: unknown };
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: the body itself says it
  }
  return body.slice(0, 200) || response.statusText;
}
