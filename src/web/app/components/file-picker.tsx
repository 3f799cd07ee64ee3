// Where files come from: dropped on the zone (folders too), chosen with the system picker, pasted, or typed as text.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { messageOf } from '../api/client';
import { droppedFiles } from '../dropped-files';
import { t } from '../state/language';
import { Alert } from './ui';

export function FilePicker({ onFiles, allowText }: { onFiles: (files: File[]) => void; allowText: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [dropProblem, setDropProblem] = useState('');

  // Files pasted anywhere on the page (a screenshot, files copied in a file manager) join the upload.
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea')) return;
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.length > 0) onFiles(files);
    };
    addEventListener('paste', onPaste);
    return () => removeEventListener('paste', onPaste);
  }, [onFiles]);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    setDropProblem('');
    if (!event.dataTransfer) return;
    droppedFiles(event.dataTransfer).then(
      (files) => (files.length > 0 ? onFiles(files) : setDropProblem(t().droppedFolderEmpty)),
      (err: unknown) => setDropProblem(t().dropUnreadable(messageOf(err))),
    );
  };
  const onChange = () => {
    const files = [...(input.current?.files ?? [])];
    if (files.length > 0) onFiles(files);
    if (input.current) input.current.value = '';
  };

  return (
    <div>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target; the file input inside it is the keyboard's way */}
      <div
        class={`dropzone${dragging ? ' dragging' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p class="dropzone-title">{t().dropFilesHere}</p>
        <p>
          {t().or}{' '}
          <button type="button" class="button primary" onClick={() => input.current?.click()}>
            {t().chooseFiles}
          </button>
        </p>
        <p class="hint">{t().pasteHint}</p>
        <input ref={input} type="file" multiple hidden onChange={onChange} />
      </div>
      {dropProblem && <Alert>{dropProblem}</Alert>}
      {allowText && <TextAsFile onFile={(file) => onFiles([file])} />}
    </div>
  );
}

function TextAsFile({ onFile }: { onFile: (file: File) => void }) {
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const id = useId();
  const add = () => {
    onFile(new File([text], name.trim() || 'paste.txt', { type: 'text/plain' }));
    setText('');
    setName('');
  };
  return (
    <details class="text-file">
      <summary>{t().pasteTextAsFile}</summary>
      <label for={`${id}-text`}>{t().text}</label>
      <textarea id={`${id}-text`} rows={6} value={text} onInput={(event) => setText(event.currentTarget.value)} />
      <div class="row">
        <label for={`${id}-name`}>{t().fileName}</label>
        <input id={`${id}-name`} type="text" placeholder="paste.txt" value={name} onInput={(event) => setName(event.currentTarget.value)} />
        <button type="button" class="button" disabled={text === ''} onClick={add}>
          {t().addTextFile}
        </button>
      </div>
    </details>
  );
}
