// A worker thread asked one question at a time: each message posted gets the worker's next message
// as its answer. Once the worker has failed or exited, every question fails at once with the reason,
// instead of waiting for an answer that will never come.
import type { Transferable, Worker } from 'node:worker_threads';

export class WorkerClient<Request, Reply> {
  #pending: { resolve: (reply: Reply) => void; reject: (err: Error) => void } | null = null;
  #failure: Error | null = null;
  #closing = false;

  /** `what` names the worker in errors ("<what> exited with code 1"). */
  constructor(readonly worker: Worker, readonly what: string) {
    const fail = (err: Error): void => {
      if (this.#closing) return;
      this.#failure ??= err;
      this.#pending?.reject(err);
      this.#pending = null;
    };
    worker.on('message', (reply: Reply) => {
      const pending = this.#pending;
      this.#pending = null;
      pending?.resolve(reply);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`${what} exited with code ${code}`)));
  }

  /**
   * Posts the question; the promise already has a handler, so it may be awaited later (while this
   * thread does its own share) without an unhandled rejection in between.
   */
  ask(request: Request, transfer?: readonly Transferable[]): Promise<Reply> {
    const answer = new Promise<Reply>((resolve, reject) => {
      if (this.#failure) return reject(this.#failure);
      if (this.#pending) return reject(new Error(`${this.what} is already answering a question`));
      this.#pending = { resolve, reject };
      this.worker.postMessage(request, transfer);
    });
    answer.catch(() => undefined);
    return answer;
  }

  /** Stops the worker (its exit is then not a failure). */
  async close(): Promise<void> {
    this.#closing = true;
    await this.worker.terminate();
  }
}
