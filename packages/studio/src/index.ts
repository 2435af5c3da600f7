export { startStudio, type RunningStudio } from './server/http.js';
export { createStudioApp } from './server/app.js';
export { resolveStudioOptions, type ResolvedStudioOptions, type StoreInfo, type StudioOptions } from './options.js';
export { breakdownOf } from './server/retrieval.js';
export { VERSION } from './version.js';
