// What a small form's actions share: the last error or notice, cleared when the next action starts.
import { useState } from 'preact/hooks';
import { messageOf } from '../api/client';

export function useActionState() {
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const run = async (action: () => Promise<unknown>) => {
    setError('');
    setNotice('');
    try {
      await action();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return { error, setError, notice, setNotice, run };
}
