// The editor's messages go before analysis slices (engine/turns.ts): no slice runs in a turn of the
// event loop that handled a message, nor in one that read part of a message still arriving. Over
// stdio a 2 MB didOpen comes in 64 KiB reads, one per turn; with a slice between any two, a hover
// sent behind 200 such documents would wait for thousands of slices before it is even read.
import { yieldWhile } from '../engine/turns';

let handled = false;
let arrived = false;

yieldWhile(() => {
  const busy = handled || arrived;
  handled = arrived = false;
  return busy;
});

/** A message was handed to its handler in this turn. */
export function messageHandled(): void {
  handled = true;
}

/** Watches a stream the messages come in on: bytes read mean a message is on its way. */
export function watchInput(input: NodeJS.ReadableStream): void {
  input.on('data', () => (arrived = true));
}
