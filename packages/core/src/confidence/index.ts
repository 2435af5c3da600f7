export { ConfidenceEngine, type AssessOptions, type ConfidenceEngineOptions } from './engine.js';
export { detectOpportunities, detectRisks, strategiesMatch } from './detect.js';
export {
  computeConfidenceScore,
  computeUncertainty,
  confidenceSignalToPrompt,
  dataUncertainty,
  predictSuccess,
  recommend,
  type ConfidenceSignal,
  type OpportunitySignal,
  type Recommendation,
  type RiskSignal,
} from './signals.js';
