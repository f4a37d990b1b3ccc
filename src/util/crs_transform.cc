#include "util/crs_transform.h"

#include <proj.h>

#include <cmath>

namespace cairn {

struct CrsTransform::Impl {
  PJ_CONTEXT* context = nullptr;
  PJ* transform = nullptr;
  ~Impl() {
    if (transform) proj_destroy(transform);
    if (context) proj_context_destroy(context);
  }
};

CrsTransform::CrsTransform(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CrsTransform::~CrsTransform() = default;

Result<std::unique_ptr<CrsTransform>> CrsTransform::Create(const std::string& from,
                                                           const std::string& to) {
  auto impl = std::make_unique<Impl>();
  impl->context = proj_context_create();
  if (!impl->context) return Status::Internal("PROJ: cannot create a context");
  proj_context_set_enable_network(impl->context, 0);
  proj_log_level(impl->context, PJ_LOG_NONE);
  PJ* raw = proj_create_crs_to_crs(impl->context, from.c_str(), to.c_str(), nullptr);
  if (!raw)
    return Status::Invalid(
        "PROJ cannot convert " + from + " to " + to + " (" +
        proj_context_errno_string(impl->context, proj_context_errno(impl->context)) +
        "; is proj.db installed?)");
  // Whatever the CRSs' declared axis order (EPSG:4326 is latitude-first), take x first.
  impl->transform = proj_normalize_for_visualization(impl->context, raw);
  proj_destroy(raw);
  if (!impl->transform) return Status::Internal("PROJ: cannot normalise the axis order");
  return std::unique_ptr<CrsTransform>(new CrsTransform(std::move(impl)));
}

bool CrsTransform::Project(double x, double y, double* out_x, double* out_y) const {
  if (!std::isfinite(x) || !std::isfinite(y)) return false;
  PJ_COORD out = proj_trans(impl_->transform, PJ_FWD, proj_coord(x, y, 0, 0));
  if (!std::isfinite(out.xy.x) || !std::isfinite(out.xy.y)) return false;
  *out_x = out.xy.x;
  *out_y = out.xy.y;
  return true;
}

}  // namespace cairn
