cmake_minimum_required(VERSION 3.25)
# Refuses an #include that points up the layer order (docs/design.md, "Layers"). Run at every
# build by the `layers` target: cmake -DSRC=<repo>/src -P cmake/check_layers.cmake
# A layer may include its own headers and those of the layers listed for it; nothing else of ours.
set(allowed_util "util")
set(allowed_model "model;util")
set(allowed_store "store;model;util")
set(allowed_ingest "ingest;store;model;util")
set(allowed_synth "synth;model;util")
set(allowed_snapshot "snapshot;store;model;util")
set(allowed_define "define;snapshot;store;model;util")
set(allowed_stats "stats;util")
set(allowed_analysis "analysis;define;stats;snapshot;store;model;util")
set(allowed_present "present;analysis;define;stats;snapshot;store;model;util")
set(allowed_engine "engine;present;analysis;define;stats;snapshot;synth;ingest;store;model;util")
# A command parses its flags, makes one engine call and prints: it includes the engine, what prints
# (present) and the analysis types the engine's answers are made of, never the layers that do the
# work (storage, ingest, the snapshot, definitions, statistics, the synthetic county).
set(allowed_cli "cli;engine;present;analysis;util")

get_filename_component(SRC "${SRC}" ABSOLUTE)
file(GLOB_RECURSE files RELATIVE "${SRC}" "${SRC}/*.h" "${SRC}/*.cc")
set(problems "")
foreach(file IN LISTS files)
  if(file MATCHES "_test\\.cc$")
    continue()  # tests may reach any layer to build their fixtures
  endif()
  string(REGEX MATCH "^[a-z]+" layer "${file}")
  if(NOT DEFINED allowed_${layer})
    string(APPEND problems "  src/${file}: folder \"${layer}\" is not a layer in cmake/check_layers.cmake\n")
    continue()
  endif()
  file(STRINGS "${SRC}/${file}" includes REGEX "^#include \"[a-z]+/")
  foreach(line IN LISTS includes)
    string(REGEX MATCH "\"([a-z]+)/" _ "${line}")
    set(target "${CMAKE_MATCH_1}")
    if(NOT target IN_LIST allowed_${layer})
      string(APPEND problems
        "  src/${file}: ${line}: layer ${layer} may include only ${allowed_${layer}}\n")
    endif()
  endforeach()
endforeach()
if(problems)
  message(FATAL_ERROR "includes that point up the layers:\n${problems}")
endif()
