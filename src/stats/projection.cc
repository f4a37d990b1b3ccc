#include "stats/projection.h"

#include <proj.h>

#include <cmath>
#include <string>

namespace cairn {

struct LonLatToBng::Impl {
  PJ_CONTEXT* context = nullptr;
  PJ* transform = nullptr;
  ~Impl() {
    if (transform) proj_destroy(transform);
    if (context) proj_context_destroy(context);
  }
};

LonLatToBng::LonLatToBng(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LonLatToBng::~LonLatToBng() = default;

Result<std::unique_ptr<LonLatToBng>> LonLatToBng::Create() {
  auto impl = std::make_unique<Impl>();
  impl->context = proj_context_create();
  if (!impl->context) return Status::Internal("PROJ: cannot create a context");
  proj_context_set_enable_network(impl->context, 0);
  PJ* raw = proj_create_crs_to_crs(impl->context, "EPSG:4326", "EPSG:27700", nullptr);
  if (!raw)
    return Status::Internal(
        std::string("PROJ cannot convert WGS84 to British National Grid (") +
        proj_context_errno_string(impl->context, proj_context_errno(impl->context)) +
        "); is proj.db installed?");
  // EPSG:4326 is latitude-first; normalise so the input is longitude, latitude.
  impl->transform = proj_normalize_for_visualization(impl->context, raw);
  proj_destroy(raw);
  if (!impl->transform) return Status::Internal("PROJ: cannot normalise the axis order");
  return std::unique_ptr<LonLatToBng>(new LonLatToBng(std::move(impl)));
}

bool LonLatToBng::Project(double longitude, double latitude, double* easting,
                          double* northing) const {
  if (!std::isfinite(longitude) || !std::isfinite(latitude)) return false;
  PJ_COORD out = proj_trans(impl_->transform, PJ_FWD, proj_coord(longitude, latitude, 0, 0));
  if (!std::isfinite(out.xy.x) || !std::isfinite(out.xy.y)) return false;
  *easting = out.xy.x;
  *northing = out.xy.y;
  return true;
}

}  // namespace cairn
