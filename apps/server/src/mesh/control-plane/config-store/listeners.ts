import type { ChangeEvent, ChangeListener } from './types.ts';

/** The change listeners of one store. A listener that throws does not stop the others. */
export class ChangeListeners {
  private readonly listeners = new Set<ChangeListener>();
  private readonly onError: (error: unknown) => void;

  /** `onError` defaults to rethrowing, uncaught: a failing listener is a bug to hear about. */
  constructor(onError?: (error: unknown) => void) {
    this.onError =
      onError ??
      ((error: unknown) => {
        queueMicrotask(() => {
          throw error;
        });
      });
  }

  add(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ChangeEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
