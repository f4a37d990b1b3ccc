#!/usr/bin/python3
"""Writes the workbook bench/xlsx_bench.sh reads: one sheet, a header row and ROWS data rows of 8
columns mixing numbers and shared strings, as a police force area table extract might look.

  /usr/bin/python3 bench/xlsx_make_workbook.py OUT.xlsx ROWS [SEED]

The XML parts are written directly through zipfile (deflate, zlib's default level, as Excel and
openpyxl use), streaming the sheet, which is far faster than openpyxl. Columns: A a running id,
B an area code and C an area name (shared strings, 300 areas), D an offence group (shared string,
14 groups), E a count (integer), F a rate (float, 17 significant digits), G a date (serial,
dd/mm/yyyy style), H a flag (shared string "Y"/"N"). Fixed seed, so the file is the same each time.
"""
import random
import sys
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def main():
    out, rows = sys.argv[1], int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20261122)
    header = ["Id", "Area Code", "Area Name", "Offence group", "Count", "Rate", "Date", "Flag"]
    areas = [(f"E{23000000 + i:08d}", f"Area {i:03d}") for i in range(300)]
    groups = [f"Offence group {i}" for i in range(14)]
    strings = header + [c for c, _ in areas] + [n for _, n in areas] + groups + ["Y", "N"]
    index = {s: i for i, s in enumerate(strings)}

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as z:
        z.writestr("[Content_Types].xml", HEAD +
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
                   f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/>'
                   f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
                   f'<Override PartName="/xl/styles.xml" ContentType="{CT}.styles+xml"/></Types>')
        z.writestr("_rels/.rels", HEAD +
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
                   "</Relationships>")
        z.writestr("xl/workbook.xml", HEAD +
                   f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                   '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", HEAD +
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                   f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
                   f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>'
                   "</Relationships>")
        z.writestr("xl/styles.xml", HEAD +
                   f'<styleSheet xmlns="{MAIN}"><numFmts count="1">'
                   '<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
                   '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills>'
                   '<borders count="1"><border/></borders>'
                   '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
                   '<cellXfs count="2"><xf numFmtId="0" xfId="0"/><xf numFmtId="164" xfId="0" applyNumberFormat="1"/>'
                   "</cellXfs></styleSheet>")
        z.writestr("xl/sharedStrings.xml", HEAD +
                   f'<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">' +
                   "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write((HEAD + f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
                         f'<dimension ref="A1:H{rows + 1}"/><sheetData>').encode())
            cols = "ABCDEFGH"
            sheet.write(('<row r="1">' + "".join(
                f'<c r="{cols[i]}1" t="s"><v>{index[h]}</v></c>' for i, h in enumerate(header)) +
                         "</row>").encode())
            chunk = []
            for n in range(2, rows + 2):
                code, name = areas[rng.randrange(300)]
                group = groups[rng.randrange(14)]
                chunk.append(
                    f'<row r="{n}"><c r="A{n}"><v>{n - 1}</v></c>'
                    f'<c r="B{n}" t="s"><v>{index[code]}</v></c>'
                    f'<c r="C{n}" t="s"><v>{index[name]}</v></c>'
                    f'<c r="D{n}" t="s"><v>{index[group]}</v></c>'
                    f'<c r="E{n}"><v>{rng.randrange(100000)}</v></c>'
                    f'<c r="F{n}"><v>{rng.random() * 100!r}</v></c>'
                    f'<c r="G{n}" s="1"><v>{43466 + rng.randrange(2000)}</v></c>'
                    f'<c r="H{n}" t="s"><v>{index["Y" if rng.random() < 0.3 else "N"]}</v></c></row>')
                if len(chunk) == 10000:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode())


main()
