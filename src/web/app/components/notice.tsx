// A confirmation that something was done (saved, created, changed), announced politely. The live region is always
// there, so that screen readers hear what appears in it; only its content changes.
export function Notice({ text }: { text: string }) {
  return (
    <div role="status" aria-live="polite" data-testid="notice">
      {text && <div class="alert alert-success">{text}</div>}
    </div>
  );
}
