#include "ingest/british_national_grid.h"

#include <proj.h>

#include <cmath>
#include <string>

namespace cairn {

struct BritishNationalGrid::Impl {
  PJ_CONTEXT* context = nullptr;
  PJ* transform = nullptr;
  ~Impl() {
    if (transform) proj_destroy(transform);
    if (context) proj_context_destroy(context);
  }
};

BritishNationalGrid::BritishNationalGrid(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BritishNationalGrid::~BritishNationalGrid() = default;

Result<std::unique_ptr<BritishNationalGrid>> BritishNationalGrid::Create() {
  auto impl = std::make_unique<Impl>();
  impl->context = proj_context_create();
  if (!impl->context) return Status::Internal("PROJ: cannot create a context");
  proj_context_set_enable_network(impl->context, 0);
  PJ* raw = proj_create_crs_to_crs(impl->context, "EPSG:27700", "EPSG:4326", nullptr);
  if (!raw)
    return Status::Internal(
        std::string("PROJ cannot convert British National Grid to WGS84 (") +
        proj_context_errno_string(impl->context, proj_context_errno(impl->context)) +
        "); is proj.db installed?");
  // EPSG:4326 is latitude-first; normalise to longitude, latitude.
  impl->transform = proj_normalize_for_visualization(impl->context, raw);
  proj_destroy(raw);
  if (!impl->transform) return Status::Internal("PROJ: cannot normalise the axis order");
  return std::unique_ptr<BritishNationalGrid>(new BritishNationalGrid(std::move(impl)));
}

bool BritishNationalGrid::ToWgs84(double easting, double northing, double* longitude,
                                  double* latitude) const {
  PJ_COORD out = proj_trans(impl_->transform, PJ_FWD, proj_coord(easting, northing, 0, 0));
  if (!std::isfinite(out.lp.lam) || !std::isfinite(out.lp.phi)) return false;
  *longitude = out.lp.lam;
  *latitude = out.lp.phi;
  return true;
}

}  // namespace cairn
