"use client";

import { type Dispatch, type SetStateAction, useEffect, useRef, useState } from "react";

/**
 * State kept in this browser's localStorage under `key`, so it survives a
 * reload (a half-written reply, a message that could not be sent). Read
 * after mount, so the server's render and the first client render agree;
 * a value that no longer parses is dropped. `empty` values remove the key.
 */
export function useStoredState<T>(key: string, initial: T, isEmpty: (value: T) => boolean): [T, Dispatch<SetStateAction<T>>] {
  const [value, setValue] = useState<T>(initial);
  const loaded = useRef(false);

  useEffect(() => {
    try {
      const stored = window.localStorage.getItem(key);
      if (stored !== null) setValue(JSON.parse(stored) as T);
    } catch {
      window.localStorage.removeItem(key);
    }
    loaded.current = true;
  }, [key]);

  useEffect(() => {
    if (!loaded.current) return;
    try {
      if (isEmpty(value)) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // storage full or disabled: the state still works for this page
    }
  }, [key, value, isEmpty]);

  return [value, setValue];
}
