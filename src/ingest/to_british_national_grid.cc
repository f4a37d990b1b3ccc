#include "ingest/to_british_national_grid.h"

#include <proj.h>

#include <cmath>

namespace cairn {

struct ToBritishNationalGrid::Impl {
  PJ_CONTEXT* context = nullptr;
  PJ* transform = nullptr;
  ~Impl() {
    if (transform) proj_destroy(transform);
    if (context) proj_context_destroy(context);
  }
};

ToBritishNationalGrid::ToBritishNationalGrid(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ToBritishNationalGrid::~ToBritishNationalGrid() = default;

Result<std::unique_ptr<ToBritishNationalGrid>> ToBritishNationalGrid::Create(
    const std::string& crs) {
  auto impl = std::make_unique<Impl>();
  impl->context = proj_context_create();
  if (!impl->context) return Status::Internal("PROJ: cannot create a context");
  proj_context_set_enable_network(impl->context, 0);
  proj_log_level(impl->context, PJ_LOG_NONE);
  PJ* raw = proj_create_crs_to_crs(impl->context, crs.c_str(), "EPSG:27700", nullptr);
  if (!raw)
    return Status::Invalid(
        "PROJ cannot convert " + crs + " to British National Grid (" +
        proj_context_errno_string(impl->context, proj_context_errno(impl->context)) + ")");
  // Whatever the CRS's declared axis order, take x (longitude, easting) first, as GeoJSON does.
  impl->transform = proj_normalize_for_visualization(impl->context, raw);
  proj_destroy(raw);
  if (!impl->transform) return Status::Internal("PROJ: cannot normalise the axis order");
  return std::unique_ptr<ToBritishNationalGrid>(new ToBritishNationalGrid(std::move(impl)));
}

bool ToBritishNationalGrid::Project(double x, double y, double* easting, double* northing) const {
  if (!std::isfinite(x) || !std::isfinite(y)) return false;
  PJ_COORD out = proj_trans(impl_->transform, PJ_FWD, proj_coord(x, y, 0, 0));
  if (!std::isfinite(out.xy.x) || !std::isfinite(out.xy.y)) return false;
  *easting = out.xy.x;
  *northing = out.xy.y;
  return true;
}

}  // namespace cairn
