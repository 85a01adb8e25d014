// The failure queue's shapes (docs/openapi.yaml: IngestFailure, IngestResult).

export interface IngestFailure {
  id: number;
  messageID: string;
  from: string;
  subject: string;
  source: string;
  /** The field that failed ("" when the message as a whole could not be read). */
  field: string;
  reason: string;
  attempts: number;
  receivedAt: string;
  updatedAt: string;
}

export interface IngestFailureDetail extends IngestFailure {
  /** The whole RFC 5322 message. */
  raw: string;
}

export interface ReplayResult {
  result: 'imported' | 'duplicate' | 'failed';
  messageID: string;
  orderID?: string;
  import?: 'created' | 'updated' | 'unchanged';
  template?: string;
  failureID?: number;
  field?: string;
  reason?: string;
}
