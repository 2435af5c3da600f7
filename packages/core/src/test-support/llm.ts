import type { LLMClient, LLMCompleteOptions } from '../extraction/llm-client.js';
import type { ChatMessage } from '../extraction/types.js';

/** An LLMClient that answers from a script (then `{"facts": []}`) and records what it was asked. */
export function scriptedClient(...replies: string[]): LLMClient & { calls: Array<{ messages: readonly ChatMessage[]; options?: LLMCompleteOptions }> } {
  const calls: Array<{ messages: readonly ChatMessage[]; options?: LLMCompleteOptions }> = [];
  return {
    calls,
    async complete(messages, options) {
      calls.push({ messages, ...(options ? { options } : {}) });
      return replies.shift() ?? '{"facts": []}';
    },
  };
}
