#include "store/fault_injection.h"

namespace cairn {

namespace {

class FaultInjectingBackend : public StoreBackend {
 public:
  FaultInjectingBackend(std::unique_ptr<StoreBackend> inner, std::shared_ptr<FaultPlan> plan)
      : inner_(std::move(inner)), plan_(std::move(plan)) {}

  Status Begin() override { return inner_->Begin(); }
  // A failed commit is rolled back, as the contract says a real one is.
  Status Commit() override {
    if (Fault()) {
      (void)inner_->Rollback();
      return Injected("commit");
    }
    return inner_->Commit();
  }
  Status Rollback() override { return inner_->Rollback(); }
  void LoadStarting() override { inner_->LoadStarting(); }
  void LoadFinished() override { inner_->LoadFinished(); }

  Result<int64_t> GetCounter(Counter c) override { return inner_->GetCounter(c); }
  Status SetCounter(Counter c, int64_t v) override {
    return Fault() ? Injected("counter") : inner_->SetCounter(c, v);
  }
  Result<int64_t> InsertBatch(const BatchSummary& r) override {
    if (Fault()) return Injected("batch record");
    return inner_->InsertBatch(r);
  }
  Status RetireBatch(int64_t id, int64_t by) override {
    return Fault() ? Injected("retire batch") : inner_->RetireBatch(id, by);
  }
  Status InsertEventChunk(int64_t id, int64_t first, int64_t rows,
                          std::string_view chunk) override {
    return Fault() ? Injected("event chunk") : inner_->InsertEventChunk(id, first, rows, chunk);
  }
  Result<std::vector<int64_t>> PersonIds(int64_t id, const std::vector<Pseudonym>& p) override {
    if (Fault()) return Injected("persons");
    return inner_->PersonIds(id, p);
  }
  Status InsertPeopleRows(int64_t id, const Batch& b, int64_t first,
                          const std::vector<int64_t>& persons) override {
    return Fault() ? Injected("people rows") : inner_->InsertPeopleRows(id, b, first, persons);
  }
  Status InsertAreaRows(int64_t id, const Batch& b) override {
    return Fault() ? Injected("area rows") : inner_->InsertAreaRows(id, b);
  }
  Status InsertTrainingRows(int64_t id, const Batch& b) override {
    return Fault() ? Injected("training rows") : inner_->InsertTrainingRows(id, b);
  }
  Status InsertFigureRows(int64_t id, const Batch& b) override {
    return Fault() ? Injected("figure rows") : inner_->InsertFigureRows(id, b);
  }
  Status InsertRejectsAndFindings(int64_t id, const Batch& b) override {
    return Fault() ? Injected("rejects") : inner_->InsertRejectsAndFindings(id, b);
  }
  Result<int64_t> InsertReportedValue(const ReportedValue& v) override {
    if (Fault()) return Injected("reported value");
    return inner_->InsertReportedValue(v);
  }
  Status SupersedeReportedValue(int64_t id, int64_t by) override {
    return Fault() ? Injected("supersede value") : inner_->SupersedeReportedValue(id, by);
  }
  Status InsertKeyFingerprint(const std::string& f, const std::string& at) override {
    return Fault() ? Injected("key fingerprint") : inner_->InsertKeyFingerprint(f, at);
  }
  Result<int64_t> InsertRegisterRow(const RegisterRow& row) override {
    if (Fault()) return Injected("register revision");
    return inner_->InsertRegisterRow(row);
  }

  Result<std::vector<BatchSummary>> ActiveBatchesWithHash(const std::string& sha) override {
    return inner_->ActiveBatchesWithHash(sha);
  }
  Result<std::vector<BatchSummary>> ActiveBatchesOf(const std::string& source,
                                                    const std::string& extract,
                                                    const std::string& from,
                                                    const std::string& to) override {
    return inner_->ActiveBatchesOf(source, extract, from, to);
  }
  Result<std::vector<BatchSummary>> ListBatches(bool all) override {
    return inner_->ListBatches(all);
  }
  Result<std::vector<RejectRow>> ListRejects(std::optional<int64_t> id) override {
    return inner_->ListRejects(id);
  }
  Result<std::vector<std::string>> ListFindings(std::optional<int64_t> id) override {
    return inner_->ListFindings(id);
  }
  Status ForEachEventChunk(const ChunkVisitor& v) override { return inner_->ForEachEventChunk(v); }
  Result<std::optional<std::string>> ReadEventChunk(int64_t id) override {
    return inner_->ReadEventChunk(id);
  }
  Status ForEachInvolvement(const std::function<void(const InvolvementRow&)>& v) override {
    return inner_->ForEachInvolvement(v);
  }
  Status ForEachPerson(const std::function<void(int64_t, const Pseudonym&, int64_t)>& v) override {
    return inner_->ForEachPerson(v);
  }
  Status ForEachReferral(const std::function<void(const ReferralRow&)>& v) override {
    return inner_->ForEachReferral(v);
  }
  Status ForEachJusticeOutcome(const std::function<void(const OutcomeRow&)>& v) override {
    return inner_->ForEachJusticeOutcome(v);
  }
  Status ForEachArea(const std::function<void(int64_t, const AreaRecord&)>& v) override {
    return inner_->ForEachArea(v);
  }
  Status ForEachPopulation(const std::function<void(int64_t, const AreaPopulation&)>& v) override {
    return inner_->ForEachPopulation(v);
  }
  Status ForEachShape(const std::function<void(int64_t, const std::string&, const std::string&,
                                               std::string_view)>& v) override {
    return inner_->ForEachShape(v);
  }
  Status ForEachFigure(const std::string& level,
                       const std::function<void(int64_t, const AreaFigure&)>& v) override {
    return inner_->ForEachFigure(level, v);
  }
  Status ForEachTraining(
      const std::function<void(int64_t, const TrainingAttendance&)>& v) override {
    return inner_->ForEachTraining(v);
  }
  Status ForEachDistrictLink(const std::function<void(int64_t, const DistrictLink&)>& v) override {
    return inner_->ForEachDistrictLink(v);
  }
  Result<std::vector<ReportedValue>> ListReportedValues(bool all) override {
    return inner_->ListReportedValues(all);
  }
  Result<std::optional<StoreKey>> KeyFingerprint() override { return inner_->KeyFingerprint(); }
  Result<std::vector<RegisterRow>> ListRegisterRows() override {
    return inner_->ListRegisterRows();
  }

 private:
  bool Fault() {
    ++plan_->count;
    if (plan_->fail_at == 0 || plan_->count != plan_->fail_at) return false;
    plan_->failed = true;
    if (!plan_->instead) return true;
    plan_->instead();
    return false;
  }
  Status Injected(const char* what) const {
    return Status::IoError(std::string("injected fault at write ") + std::to_string(plan_->count) +
                           " (" + what + ")");
  }

  std::unique_ptr<StoreBackend> inner_;
  std::shared_ptr<FaultPlan> plan_;
};

}  // namespace

std::unique_ptr<StoreBackend> NewFaultInjectingBackend(std::unique_ptr<StoreBackend> inner,
                                                       std::shared_ptr<FaultPlan> plan) {
  return std::make_unique<FaultInjectingBackend>(std::move(inner), std::move(plan));
}

}  // namespace cairn
