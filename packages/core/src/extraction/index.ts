export {
  chatMessageSchema,
  conversationSchema,
  extractedFactSchema,
  FACT_TYPES,
  type ChatMessage,
  type ExtractedFact,
  type ExtractedFactInput,
  type ExtractionResult,
  type ExtractOptions,
  type FactExtractor,
  type FactType,
} from './types.js';
export { RuleBasedExtractor } from './rule-based.js';
export { LLMError, OpenAICompatibleLLMClient, type LLMClient, type LLMCompleteOptions, type OpenAICompatibleLLMClientOptions } from './llm-client.js';
export { extractJsonObject, LLMFactExtractor } from './llm-extractor.js';
export {
  AutoLearner,
  inferFactDomain,
  type AutoLearnerAlma,
  type AutoLearnResult,
  type CommittedFact,
  type LearnFromConversationOptions,
} from './auto-learner.js';
