# The R side of the spatial benchmark (bench/spatial_bench.sh): synthetic data, Gi* with spdep,
# quartic KDE with spatstat, and the checks that Cairn's answers agree. One mode per call:
#
#   Rscript bench/spatial_bench.R generate OUTDIR N SEED SUB_COLS SUB_ROWS
#   Rscript bench/spatial_bench.R gistar CELLS.csv OUT.csv
#   Rscript bench/spatial_bench.R kde POINTS.csv OUT.csv
#   Rscript bench/spatial_bench.R check-gistar CAIRN.csv R.csv
#   Rscript bench/spatial_bench.R check-kde CAIRN.csv R.csv CELLS.csv
#
# The timed modes (gistar, kde) print `stage seconds` lines (R's elapsed time of each stage) for
# the script to read; their whole-process wall time and peak memory come from /usr/bin/time.
# Base R only, besides spdep, spatstat and MASS (Debian: r-cran-spdep, r-cran-spatstat).

# The extent: the bounding box of Cumbria in British National Grid metres, 90 km x 130 km, as a
# grid of 100 m cells (900 columns x 1,300 rows) whose lower-left corner is (X0, Y0).
X0 <- 290000; Y0 <- 460000; CELL <- 100; NCOL <- 900L; NROW <- 1300L

args <- commandArgs(trailingOnly = TRUE)
mode <- args[1]

stage <- function(name, expr) {  # evaluates expr, prints "name seconds", returns its value
  t <- system.time(value <- expr)[["elapsed"]]
  cat(sprintf("%s %.3f\n", name, t))
  invisible(value)
}

read_columns <- function(file, names) {  # numeric columns of a CSV with a header line
  header <- strsplit(readLines(file, n = 1), ",")[[1]]
  what <- rep(list(NULL), length(header))
  what[match(names, header)] <- rep(list(0), length(names))
  cols <- scan(file, what = what, sep = ",", skip = 1, quiet = TRUE, na.strings = "")
  cols[match(names, header)]
}

write_column <- function(file, name, v) {  # one column, 17 significant digits, NaN as empty
  s <- sprintf("%.17g", v)
  s[is.na(v)] <- ""
  writeLines(c(name, s), file)
}

# Grid counts as Cairn makes them (stats/spatial.h SquareGridCounts) for a grid starting at
# (X0, Y0): cells row by row from the bottom-left.
grid_counts <- function(x, y) {
  col <- floor((x - X0) / CELL); row <- floor((y - Y0) / CELL)
  tabulate(row * NCOL + col + 1, nbins = NCOL * NROW)
}

write_cells <- function(file, cols, rows, counts) {
  cells <- expand.grid(col = cols, row = rows)  # column varies fastest: row by row
  writeLines(c("x,y,count", sprintf("%.0f,%.0f,%d", X0 + (cells$col + 0.5) * CELL,
                                    Y0 + (cells$row + 0.5) * CELL,
                                    counts[cells$row * NCOL + cells$col + 1])), file)
}

if (mode == "generate") {
  out <- args[2]; n <- as.integer(args[3]); seed <- as.integer(args[4])
  sub_cols <- as.integer(args[5]); sub_rows <- as.integer(args[6])
  set.seed(seed)
  # Six town centres (approximate BNG of each centre) weighted by population; each town's events
  # are 30% in a tight centre (sd 300 m) and 70% spread over the town (sd as given).
  towns <- data.frame(
    name = c("Carlisle", "Barrow-in-Furness", "Kendal", "Workington", "Whitehaven", "Penrith"),
    x = c(340000, 319500, 351500, 299900, 297300, 351600),
    y = c(556000, 469300, 492600, 528600, 518100, 530200),
    weight = c(75, 56, 29, 25, 24, 16), sd = c(2500, 2000, 1500, 1500, 1500, 1200))
  n_free <- n - 2                                   # two anchors, below
  n_towns <- round(0.8 * n_free)                    # 80% around towns, 20% anywhere in the box
  town <- sample(nrow(towns), n_towns, replace = TRUE, prob = towns$weight)
  sd <- ifelse(runif(n_towns) < 0.3, 300, towns$sd[town])
  x <- c(towns$x[town] + rnorm(n_towns) * sd, runif(n_free - n_towns, X0, X0 + NCOL * CELL))
  y <- c(towns$y[town] + rnorm(n_towns) * sd, runif(n_free - n_towns, Y0, Y0 + NROW * CELL))
  # Whole metres, kept half a cell inside the box; the two anchors at opposite corners make the
  # bounding box of the points, and so Cairn's grid, exactly the 900 x 1,300 cells above.
  lo_x <- X0 + CELL / 2; hi_x <- X0 + NCOL * CELL - CELL / 2
  lo_y <- Y0 + CELL / 2; hi_y <- Y0 + NROW * CELL - CELL / 2
  x <- c(lo_x, hi_x, pmin(pmax(round(x), lo_x), hi_x))
  y <- c(lo_y, hi_y, pmin(pmax(round(y), lo_y), hi_y))
  writeLines(c("x,y", sprintf("%.0f,%.0f", x, y)), file.path(out, "points.csv"))
  counts <- grid_counts(x, y)
  write_cells(file.path(out, "cells.csv"), 0:(NCOL - 1), 0:(NROW - 1), counts)
  # The sub-extent for R's Gi* (spdep's cell2nb is too slow for the whole grid): SUB_COLS x
  # SUB_ROWS cells centred on Carlisle.
  c0 <- (towns$x[1] - X0) / CELL - sub_cols %/% 2; r0 <- (towns$y[1] - Y0) / CELL - sub_rows %/% 2
  write_cells(file.path(out, "cells_sub.csv"), c0 + 0:(sub_cols - 1), r0 + 0:(sub_rows - 1),
              counts)
  cat(sprintf("points %d\ncells %d\nsub_cells %d\nsub_x %.0f %.0f\nsub_y %.0f %.0f\n", length(x),
              NCOL * NROW, sub_cols * sub_rows, X0 + c0 * CELL, X0 + (c0 + sub_cols) * CELL,
              Y0 + r0 * CELL, Y0 + (r0 + sub_rows) * CELL))
} else if (mode == "gistar") {
  # spdep as sfhotspot would run it on a full rectangle: queen neighbours including the cell
  # itself, binary weights, localG; p = 2 pnorm(-|Z|) (no adjustment, sfhotspot's default).
  suppressMessages(library(spdep))
  cells <- stage("read", read_columns(args[2], c("x", "y", "count")))
  ncol <- length(unique(cells[[1]])); nrow <- length(unique(cells[[2]]))
  stopifnot(ncol * nrow == length(cells[[1]]),
            all(cells[[1]] == rep(sort(unique(cells[[1]])), nrow)))  # row by row, x fastest
  # cell2nb numbers cells with the column varying fastest, as the file is ordered.
  lw <- stage("neighbours", nb2listw(include.self(cell2nb(nrow, ncol, type = "queen")),
                                     style = "B"))
  z <- stage("localG", as.numeric(localG(cells[[3]], lw)))
  p <- stage("pvalue", 2 * pnorm(-abs(z)))
  stage("write", {
    s <- ifelse(is.na(z), ",", paste0(sprintf("%.17g", z), ",", sprintf("%.17g", p)))
    writeLines(c("gistar,pvalue", s), args[3])
  })
} else if (mode == "kde") {
  # spatstat's quartic kernel, K(d) = 3/(pi h^2) (1 - d^2/h^2)^2 for d <= h, scaled by its
  # standard deviation: sigma = h * sqrt(1/8) gives support radius h. No edge correction
  # (edge = FALSE), pixels of 100 m aligned with Cairn's cells. density.ppp convolves by FFT after
  # moving each point to the centre of its pixel. Multiplying by pi h^2 / 3 gives the unscaled
  # sum Cairn (and sfhotspot) report.
  suppressMessages({library(spatstat.geom); library(spatstat.explore); library(MASS)})
  pts <- stage("read", read_columns(args[2], c("x", "y")))
  h <- stage("bandwidth", bandwidth.nrd(pts[[1]]))   # sfhotspot 1.0.0: h(x) alone
  cat(sprintf("h %.10f\n", h))
  win <- owin(c(X0, X0 + NCOL * CELL), c(Y0, Y0 + NROW * CELL))
  X <- stage("ppp", ppp(pts[[1]], pts[[2]], window = win, check = FALSE))
  d <- stage("density", density.ppp(X, sigma = h * sqrt(1 / 8), kernel = "quartic", edge = FALSE,
                                    dimyx = c(NROW, NCOL)))
  stopifnot(all.equal(d$xcol, X0 + (0:(NCOL - 1) + 0.5) * CELL),
            all.equal(d$yrow, Y0 + (0:(NROW - 1) + 0.5) * CELL))
  stage("write", write_column(args[3], "kde", as.vector(t(d$v)) * pi * h^2 / 3))
} else if (mode == "check-gistar") {
  # Cairn's gistar column against R's, cell by cell: the same cells undefined, every other Z
  # within 1e-6 relative (absolute below |Z| = 1e-9) and every p-value too.
  cairn <- read_columns(args[2], c("gistar", "pvalue")); r <- read_columns(args[3],
                                                                          c("gistar", "pvalue"))
  stopifnot(length(cairn[[1]]) == length(r[[1]]))
  same_na <- identical(is.na(cairn[[1]]), is.na(r[[1]]))
  ok <- !is.na(r[[1]])
  rel <- function(a, b) abs(a - b) / pmax(abs(b), 1e-9)
  zrel <- max(c(0, rel(cairn[[1]][ok], r[[1]][ok]))); prel <- max(c(0, rel(cairn[[2]][ok],
                                                                          r[[2]][ok])))
  cat(sprintf("cells %d\nundefined %d %d\nmax_rel_z %.3g\nmax_rel_p %.3g\n", length(ok),
              sum(is.na(cairn[[1]])), sum(!ok), zrel, prel))
  quit(status = if (same_na && zrel <= 1e-6 && prel <= 1e-6) 0 else 1)
} else if (mode == "check-kde") {
  # Cairn's kde output (x, y, n, kde) against R's kde column: the same grid (cell centres and
  # counts as the generator made them), and values within the tolerance the script states.
  cairn <- read_columns(args[2], c("x", "y", "n", "kde")); r <- read_columns(args[3], "kde")[[1]]
  cells <- read_columns(args[4], c("x", "y", "count"))
  same_grid <- length(cairn[[1]]) == length(cells[[1]]) && all(cairn[[1]] == cells[[1]]) &&
    all(cairn[[2]] == cells[[2]]) && all(cairn[[3]] == cells[[3]]) && length(r) == length(cells[[1]])
  k <- cairn[[4]]
  diff <- abs(k - r)
  cat(sprintf("cells %d\nsame_grid %s\nmax_cairn %.6g\nmax_r %.6g\nmax_abs_diff %.6g\n",
              length(k), same_grid, max(k), max(r), max(diff)))
  cat(sprintf("max_diff_over_max %.3g\nsum_rel_diff %.3g\n", max(diff) / max(k),
              abs(sum(k) - sum(r)) / sum(k)))
  big <- k >= 0.01 * max(k)
  cat(sprintf("cells_over_1pct_of_max %d\nmax_rel_diff_there %.3g\n", sum(big),
              max(diff[big] / k[big])))
  tol <- as.numeric(Sys.getenv("KDE_TOLERANCE", "0.01"))
  quit(status = if (same_grid && max(diff) / max(k) <= tol) 0 else 1)
} else {
  stop("unknown mode ", mode)
}
