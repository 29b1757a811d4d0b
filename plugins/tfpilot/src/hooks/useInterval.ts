import { useEffect, useRef } from 'react';

/** Calls `callback` every `delayMs` while `delayMs` is a number; stops on undefined. */
export function useInterval(callback: () => void, delayMs: number | undefined) {
  const saved = useRef(callback);
  saved.current = callback;
  useEffect(() => {
    if (delayMs === undefined) return undefined;
    const timer = setInterval(() => saved.current(), delayMs);
    return () => clearInterval(timer);
  }, [delayMs]);
}
