// @strato/job-definition: the Chronos job JSON model — parsing, serialising, the dependency graph and search.
export { NO_COUNTERS, JobValidationError } from './types';
export type { EnvironmentVariable, FetchUri, JobDefinition, JobCounters, JobDefaults } from './types';
export { parseJob } from './parse-job';
export type { JobKind } from './parse-job';
export { jobToJson, effectiveFetch, effectiveUris } from './to-json';
export type { JobJsonExtra } from './to-json';
export { checkGraph, childrenOf, graphDot, graphCsv } from './graph';
export type { GraphJob, GraphLookup } from './graph';
export { searchJobs } from './search';
export type { SearchQuery } from './search';
export { rewireOnDelete } from './rewire';
