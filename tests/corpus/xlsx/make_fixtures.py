#!/usr/bin/python3
"""Writes the small workbooks the fuzz test mutates (tests/fuzz_test.cc, target "xlsx").

Run from the repository: /usr/bin/python3 tests/corpus/xlsx/make_fixtures.py
The XML parts are written by hand (zipfile, fixed timestamps) so the files are byte-for-byte
reproducible and hold every construct the reader handles: shared strings with rich text and
phonetic runs, inline strings, booleans, dates (a built-in and a custom format), formulas with and
without a cached value, an error cell, cells without r=, and merged ranges. One copy is stored
uncompressed, so byte mutations land in the XML itself; one is deflated.
"""
import os
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

PARTS = {
    "[Content_Types].xml": HEAD
    + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/worksheets/sheet2.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>",
    "_rels/.rels": HEAD
    + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>",
    "xl/workbook.xml": HEAD
    + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr date1904="0"/><sheets>'
    '<sheet name="Table P1" sheetId="1" r:id="rId1"/>'
    '<sheet name="Notes " sheetId="2" r:id="rId2"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": HEAD
    + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    f'<Relationship Id="rId4" Type="{REL}/styles" Target="styles.xml"/></Relationships>',
    "xl/sharedStrings.xml": HEAD
    + f'<sst xmlns="{MAIN}" count="4" uniqueCount="4"><si><t>Area Code</t></si>'
    "<si><r><rPr><b/></rPr><t>Cum</t></r><r><t>bria</t></r></si>"
    '<si><t>..</t><rPh sb="0" eb="1"><t>x</t></rPh></si><si><t>E23000002</t></si></sst>',
    "xl/styles.xml": HEAD
    + f'<styleSheet xmlns="{MAIN}"><numFmts count="1">'
    '<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>'
    "</styleSheet>",
    "xl/worksheets/sheet1.xml": HEAD
    + f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetData>'
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Name</t></is></c>'
    '<c r="C1" t="b"><v>1</v></c></row>'
    '<row r="3"><c r="A3" t="s"><v>3</v></c><c t="s"><v>1</v></c><c><v>5</v></c>'
    '<c r="E3" s="1"><v>43831</v></c><c s="2"><v>60.5</v></c></row>'
    '<row r="4"><c r="A4" t="s"><v>2</v></c><c r="B4"><f>SUM(C3:C3)</f><v>5</v></c>'
    '<c r="C4"><f>A1+1</f></c><c r="D4" t="e"><v>#N/A</v></c>'
    '<c r="E4" t="str"><f>A1</f><v>Area Code</v></c><c r="F4"><v>1.1899848037164469E-2</v></c>'
    "</row></sheetData>"
    '<mergeCells count="2"><mergeCell ref="C1:D1"/><mergeCell ref="A5:B6"/></mergeCells>'
    "</worksheet>",
    "xl/worksheets/sheet2.xml": HEAD
    + f'<worksheet xmlns="{MAIN}"><sheetData><row><c t="inlineStr"><is><t>note</t></is></c>'
    "</row></sheetData></worksheet>",
}


def write(path, method):
    with zipfile.ZipFile(path, "w", method) as z:
        for name, text in PARTS.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, text.encode("utf-8"))


here = os.path.dirname(os.path.abspath(__file__))
write(os.path.join(here, "stored.xlsx"), zipfile.ZIP_STORED)
write(os.path.join(here, "deflated.xlsx"), zipfile.ZIP_DEFLATED)
