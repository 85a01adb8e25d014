#include "stream/apply.h"

namespace packprod::stream {

Result<BatchOutcome> ApplyNextBatch(store::WriteTx& tx, ZoneCache& zones,
                                    const BatchOptions& options) {
  BatchOutcome out;
  PP_ASSIGN_OR_RETURN(out.applied_seq, tx.AppliedSeq());
  PP_ASSIGN_OR_RETURN(auto records, tx.ReadChanges(out.applied_seq, options.limit));
  if (records.empty()) return out;
  BatchApplier applier(tx, zones);
  out.committed.reserve(records.size());
  for (const store::ChangeRecord& rec : records) {
    if (options.skip_client && rec.client_id == *options.skip_client) continue;
    PP_RETURN_IF_ERROR(applier.Add(rec));
    out.committed.push_back(rec.committed_at);
    BatchOutcome::ClientApplied& mine = out.by_client[rec.client_id];
    mine.committed.push_back(rec.committed_at);
    mine.last_seq = rec.seq;
  }
  PP_RETURN_IF_ERROR(applier.Prepare());
  out.contacts = applier.PendingContacts();
  PP_RETURN_IF_ERROR(applier.Flush());
  if (options.before_checkpoint) PP_RETURN_IF_ERROR(options.before_checkpoint());
  out.records = static_cast<int>(records.size());
  out.applied_seq = records.back().seq;
  PP_RETURN_IF_ERROR(tx.SetAppliedSeq(out.applied_seq, options.now));
  return out;
}

Status CatchUpInTx(store::WriteTx& tx, ZoneCache& zones, const BatchOptions& options) {
  while (true) {
    PP_ASSIGN_OR_RETURN(BatchOutcome b, ApplyNextBatch(tx, zones, options));
    if (b.records < options.limit) return Status::Ok();
  }
}

}  // namespace packprod::stream
