// The failure queue's shapes, from docs/openapi.yaml (IngestFailure, IngestResult).
export type { IngestFailure, IngestFailureDetail, ReplayResult } from '@/types/api';
