// Allocation inside the Wasm linear memory.
//
// Every buffer the TypeScript side sees is a block of the runtime's TLSF heap (`--runtime
// minimal`): blocks are aligned to AL_SIZE = 16 bytes (std/assembly/rt/common.ts), so a
// Float64Array view starts on a v128 boundary and `v128.load` never straddles a block start.
// The JS side allocates once per model or dataset and re-takes its views after any call that
// may grow the memory (src/backend/wasm/memory.ts).

/** Allocate `bytes` bytes, 16-byte aligned and zero-filled. Returns the byte offset. */
export function alloc(bytes: usize): usize {
  const ptr = heap.alloc(bytes);
  memory.fill(ptr, 0, bytes);
  return ptr;
}

/** Return a block obtained from `alloc` to the heap. */
export function free(ptr: usize): void {
  heap.free(ptr);
}
