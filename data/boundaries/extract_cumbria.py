#!/usr/bin/env python3
"""Extracts the Cumbria LSOAs from the North West LSOA 2011 boundaries, byte for byte.

The source (see SOURCES.md) is a GeoJSON FeatureCollection with one feature per line. This keeps
the lines whose lad19cd is one of Cumbria's six districts, exactly as published (coordinates in
EPSG:3857 metres, no crs member), and writes them as one FeatureCollection in the same layout.

    python3 data/boundaries/extract_cumbria.py \
        ../shared/data/real/lsoa11-boundaries-nw-gillam/lsoa_clean_shapefiles_2011_north_west_crs3857.json \
        data/boundaries/cumbria-lsoa11.geojson
"""
import json
import sys

CUMBRIA_DISTRICTS = {
    "E07000026",  # Allerdale
    "E07000027",  # Barrow-in-Furness
    "E07000028",  # Carlisle
    "E07000029",  # Copeland
    "E07000030",  # Eden
    "E07000031",  # South Lakeland
}
HEADER = '{"type":"FeatureCollection", "features": [\n'


def main(source, target):
    with open(source, "rb") as f:
        lines = f.read().decode("utf-8").split("\n")
    if lines[0] + "\n" != HEADER or lines[-1] != "]}":
        sys.exit(f"{source}: not the expected layout (one feature per line)")
    kept = []
    for line in lines[1:-1]:
        text = line[:-1] if line.endswith(",") else line
        feature = json.loads(text)
        if feature["properties"]["lad19cd"] in CUMBRIA_DISTRICTS:
            kept.append(text)
    with open(target, "wb") as f:
        f.write((HEADER + ",\n".join(kept) + "\n]}\n").encode("utf-8"))
    # Check: every kept feature is the published text, and the result parses.
    with open(target, "rb") as f:
        features = json.load(f)["features"]
    assert [json.dumps(x, sort_keys=True) for x in features] == [
        json.dumps(json.loads(t), sort_keys=True) for t in kept
    ]
    print(f"{target}: {len(kept)} features", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
