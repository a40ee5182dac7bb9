#!/usr/bin/env python3
"""Writes the .docx fixtures of tests/test_doc_docx.c into OUTDIR.

    make_docx.py OUTDIR HA_TINH_TXT

Real WordprocessingML, made with nothing but the standard library, so that
no binary is committed and every fixture can be read here: a directive
numbered by Word (ha-tinh-77.docx, made from HA_TINH_TXT: its headings
"1. …" numbered by a style, its duties "- …" by a bullet level, none of
those typed), the numbering formats and their counting (numbering.docx),
the same without numbering.xml and styles.xml (no-numbering.docx), a
table and a text box (table.docx), and hostile files: not a zip, a zip
without word/document.xml, a zip bomb (100 MB of zeros, about 100 KB on
disk), one whose header lies about its size, damaged XML, an encrypted
entry, entity tricks (billion laughs, an external entity), and an old
Word (.doc) file.
"""
import os
import re
import struct
import sys
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = XML_HEAD + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '</Types>')

ROOT_RELS = XML_HEAD + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '</Relationships>')

DOCUMENT_RELS = XML_HEAD + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '</Relationships>')


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def level(ilvl, fmt, text, start=1, restart=None, font=None):
    restart_xml = '<w:lvlRestart w:val="%d"/>' % restart if restart is not None else ""
    font_xml = ('<w:rPr><w:rFonts w:ascii="%s" w:hAnsi="%s" w:hint="default"/></w:rPr>'
                % (font, font)) if font else ""
    return ('<w:lvl w:ilvl="%d"><w:start w:val="%d"/><w:numFmt w:val="%s"/>%s'
            '<w:lvlText w:val="%s"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="%d" w:hanging="360"/></w:pPr>%s</w:lvl>'
            % (ilvl, start, fmt, restart_xml, esc(text), 720 * (ilvl + 1), font_xml))


def abstract(aid, *levels):
    return ('<w:abstractNum w:abstractNumId="%d"><w:multiLevelType w:val="hybridMultilevel"/>%s'
            '</w:abstractNum>' % (aid, "".join(levels)))


def num(nid, aid, overrides=()):
    over = "".join('<w:lvlOverride w:ilvl="%d"><w:startOverride w:val="%d"/></w:lvlOverride>'
                   % o for o in overrides)
    return '<w:num w:numId="%d"><w:abstractNumId w:val="%d"/>%s</w:num>' % (nid, aid, over)


# The numbering every fixture shares:
#   numId 1: sections "%1." (decimal), duties "-" (bullet), then a Symbol
#            bullet (U+F0B7), as Word writes its own;
#   numId 2: "%1." in upperRoman, then "%2)" in lowerLetter;
#   numId 3: "%1.", "%1.%2.", then "(%3)" in lowerRoman restarting only
#            when level 1 (w:ilvl 0) is used (w:lvlRestart 1);
#   numId 4: "Điều %1." (the style "Dieu" numbers with it);
#   numId 5: bullets "+", "o" (Courier New) and "§" (Wingdings);
#   numId 6: numId 2's list again, started over at I (startOverride).
NUMBERING = XML_HEAD + (
    '<w:numbering xmlns:w="%s">' % W
    + abstract(10, level(0, "decimal", "%1."), level(1, "bullet", "-"),
               level(2, "bullet", "\uf0b7", font="Symbol"))
    + abstract(20, level(0, "upperRoman", "%1."), level(1, "lowerLetter", "%2)"))
    + abstract(30, level(0, "decimal", "%1."), level(1, "decimal", "%1.%2."),
               level(2, "lowerRoman", "(%3)", restart=1))
    + abstract(40, level(0, "decimal", "Điều %1."))
    + abstract(50, level(0, "bullet", "+"), level(1, "bullet", "o", font="Courier New"),
               level(2, "bullet", "§", font="Wingdings"))
    + num(1, 10) + num(2, 20) + num(3, 30) + num(4, 40) + num(5, 50)
    + num(6, 20, overrides=[(0, 1)])
    + '</w:numbering>')

STYLES = XML_HEAD + (
    '<w:styles xmlns:w="%s">' % W
    + '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    # A heading style numbered with the sections of numId 1; "MucLon2"
    # is based on it, and gets its numbering from it.
    + '<w:style w:type="paragraph" w:styleId="MucLon"><w:name w:val="Muc lon"/>'
      '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="MucLon2"><w:name w:val="Muc lon 2"/>'
      '<w:basedOn w:val="MucLon"/></w:style>'
    + '<w:style w:type="paragraph" w:styleId="Dieu"><w:name w:val="Dieu"/>'
      '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="4"/></w:numPr></w:pPr></w:style>'
    + '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/></w:style>'
    + '</w:styles>')


def runs(text):
    """The text as Word writes it: in several runs, some of them bold."""
    words = text.split(" ")
    out, chunk = [], []
    for i, word in enumerate(words):
        chunk.append(word)
        if len(chunk) == 4 or i == len(words) - 1:
            piece = " ".join(chunk) + ("" if i == len(words) - 1 else " ")
            bold = "<w:rPr><w:b/></w:rPr>" if len(out) % 2 else ""
            out.append('<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (bold, esc(piece)))
            chunk = []
    return "".join(out)


def para(content="", num_id=None, ilvl=None, style=None, raw=False):
    ppr = ""
    if style is not None:
        ppr += '<w:pStyle w:val="%s"/>' % style
    if num_id is not None or ilvl is not None:
        ppr += "<w:numPr>"
        if ilvl is not None:
            ppr += '<w:ilvl w:val="%d"/>' % ilvl
        if num_id is not None:
            ppr += '<w:numId w:val="%d"/>' % num_id
        ppr += "</w:numPr>"
    ppr = "<w:pPr>%s<w:jc w:val=\"both\"/></w:pPr>" % ppr
    return "<w:p>%s%s</w:p>" % (ppr, content if raw else runs(content))


def deleted_para(num_id, ilvl):
    """A numbered paragraph deleted with changes tracked: its text and its
    mark (w:pPr/w:rPr/w:del)."""
    return ('<w:p><w:pPr><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>'
            '<w:rPr><w:del w:id="2" w:author="A" w:date="2022-01-19T00:00:00Z"/></w:rPr></w:pPr>'
            '<w:del w:id="3" w:author="A"><w:r><w:delText>Đã xóa</w:delText></w:r></w:del></w:p>'
            % (ilvl, num_id))


def document(body, head=""):
    return (XML_HEAD + head + '<w:document xmlns:w="%s" xmlns:mc="%s"><w:body>%s'
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
            % (W, MC, body))


def write_docx(path, document_xml, numbering=True, styles=True):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        z.writestr("word/document.xml", document_xml)
        if numbering:
            z.writestr("word/numbering.xml", NUMBERING)
        if styles:
            z.writestr("word/styles.xml", STYLES)


def ha_tinh(txt_path):
    """The directive as its office would have typed it in Word: headings in
    the numbered style, duties as bullets, the numbers and dashes not typed."""
    body = []
    with open(txt_path, encoding="utf-8") as f:
        for line in f.read().splitlines():
            heading = re.match(r"(\d+)\. (.*)", line)
            if heading:
                body.append(para(heading.group(2), style="MucLon"))
            elif line.startswith("- "):
                body.append(para(line[2:], num_id=1, ilvl=1))
            else:
                body.append(para(line))
    return document("".join(body))


def text_features():
    """A tab, a line break, a non-breaking hyphen, deleted text, a field
    code, tab stops in the properties and spaces at either end."""
    return ('<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
            '<w:r><w:t xml:space="preserve">  Trực</w:t><w:tab/><w:t>Tết</w:t><w:br/>'
            '<w:t>Nhâm</w:t><w:noBreakHyphen/><w:t>Dần</w:t><w:cr/><w:t>2022</w:t></w:r>'
            '<w:del w:id="1" w:author="A"><w:r><w:delText>XÓA</w:delText></w:r></w:del>'
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<w:r><w:t xml:space="preserve"> (xem)</w:t></w:r></w:hyperlink>'
            '<w:r><w:t xml:space="preserve">  </w:t></w:r>')


def numbering_doc():
    return document("".join([
        para("Nhiệm vụ chung", num_id=2, ilvl=0),            # 1  I.
        para("Văn phòng", num_id=2, ilvl=1),                 # 2  a)
        para("Thanh tra", num_id=2, ilvl=1),                 # 3  b)
        para("Nhiệm vụ cụ thể", num_id=2, ilvl=0),           # 4  II.
        para("Trung tâm", num_id=2, ilvl=1),                 # 5  a) again
        para(""),                                            # 6  empty
        para("Tổ chức", num_id=3, ilvl=0),                   # 7  1.
        para("Trực Tết", num_id=3, ilvl=1),                  # 8  1.1.
        para("ngày đầu", num_id=3, ilvl=2),                  # 9  (i)
        para("Báo cáo", num_id=3, ilvl=1),                   # 10 1.2.
        para("ngày hai", num_id=3, ilvl=2),                  # 11 (ii): lvlRestart 1
        para("Kiểm tra", num_id=3, ilvl=0),                  # 12 2.
        para("ngày ba", num_id=3, ilvl=2),                   # 13 (i)
        para("Phạm vi", style="Dieu"),                       # 14 Điều 1.
        para("", style="Dieu"),                              # 15 Điều 2., empty
        para("Đối tượng", style="Dieu"),                     # 16 Điều 3.
        para("Không đánh số", style="Dieu", num_id=0),       # 17 numId 0
        para("cộng", num_id=5, ilvl=0),                      # 18 +
        para("chữ o", num_id=5, ilvl=1),                     # 19 •
        para("dấu đoạn", num_id=5, ilvl=2),                  # 20 •
        para("Symbol", num_id=1, ilvl=2),                    # 21 •
        para("Mục mới", num_id=6, ilvl=0),                   # 22 I. (override)
        para("Không có định nghĩa", num_id=99, ilvl=0),      # 23 no list 99
        para(text_features(), raw=True),                     # 24
        para("Te\u0302\u0301t Nha\u0302m Da\u0302\u0300n"),  # 25 NFC
        para("Mục kế thừa", style="MucLon2"),                # 26 1. (basedOn)
        deleted_para(num_id=3, ilvl=0),                      # 27 deleted: no 3.
        para("Tổng kết", num_id=3, ilvl=0),                  # 28 3.
    ]))


def table_doc():
    cell = lambda *ps: "<w:tc><w:tcPr/>%s</w:tc>" % "".join(ps)
    row = lambda *cs: "<w:tr>%s</w:tr>" % "".join(cs)
    table = ("<w:tbl><w:tblPr/>"
             + row(cell(para("Đơn vị")), cell(para("Nhiệm vụ")))
             + row(cell(para("Văn phòng")),
                   cell(para("Trực Tết", num_id=1, ilvl=1), para(""), para("Báo cáo", num_id=1, ilvl=1)))
             + "</w:tbl>")
    # A text box: its paragraphs in mc:Choice, and again in mc:Fallback
    # for readers without it (read once).
    box = para("Ghi chú trong hộp", raw=False)
    textbox = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>%s'
               '</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>%s'
               '</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>' % (box, box))
    return document(para("Trước bảng") + table
                    + para('<w:r><w:t xml:space="preserve">Sau bảng </w:t></w:r>' + textbox, raw=True))


def zip_with(path, members):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)


def zip_bomb(path, size):
    """word/document.xml unpacking to size bytes of zeros, written in pieces."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        with z.open("word/document.xml", "w", force_zip64=False) as f:
            piece = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                f.write(piece)


def patch_entry(path, name, patch):
    """Calls patch(data, header_offset, is_central) on the local and the
    central header of entry name, and writes the result back."""
    with open(path, "rb") as f:
        data = bytearray(f.read())
    with zipfile.ZipFile(path) as z:
        local = z.getinfo(name).header_offset
    patch(data, local, False)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + name_len] == name.encode():
            patch(data, central, True)
        central = data.find(b"PK\x01\x02", central + 4)
    with open(path, "wb") as f:
        f.write(data)


def lie_about_size(data, offset, central):
    struct.pack_into("<I", data, offset + (24 if central else 22), 1000)


def mark_encrypted(data, offset, central):
    flags_at = offset + (8 if central else 6)
    flags = struct.unpack_from("<H", data, flags_at)[0]
    struct.pack_into("<H", data, flags_at, flags | 1)


def main():
    out, txt = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    at = lambda name: os.path.join(out, name)

    write_docx(at("ha-tinh-77.docx"), ha_tinh(txt))
    write_docx(at("numbering.docx"), numbering_doc())
    write_docx(at("no-numbering.docx"), numbering_doc(), numbering=False, styles=False)
    write_docx(at("table.docx"), table_doc())

    with open(at("not-a-zip.docx"), "w", encoding="utf-8") as f:
        f.write("1. Văn phòng Sở\n- Trực Tết.\n")
    with open(at("old-word.doc"), "wb") as f:
        f.write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 504)
    zip_with(at("no-document.docx"), {"[Content_Types].xml": CONTENT_TYPES,
                                      "word/styles.xml": STYLES})
    zip_bomb(at("bomb.docx"), 100 << 20)
    zip_bomb(at("bomb-lying.docx"), 40 << 20)
    patch_entry(at("bomb-lying.docx"), "word/document.xml", lie_about_size)
    write_docx(at("bad-xml.docx"), document(para("Văn phòng")).replace("</w:body>", "</w:bdy>"))
    zip_with(at("bad-numbering.docx"), {"word/document.xml": document(para("Văn phòng")),
                                        "word/numbering.xml": "<w:numbering"})
    write_docx(at("encrypted.docx"), document(para("Văn phòng")))
    patch_entry(at("encrypted.docx"), "word/document.xml", mark_encrypted)
    laughs = ('<!DOCTYPE w:document [<!ENTITY lol "lol">'
              + "".join('<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1) if i > 1 else "&lol;") * 10)
                        for i in range(1, 10))
              + ']>\n')
    write_docx(at("billion-laughs.docx"),
               document(para("Trước") + para('<w:r><w:t>&lol9;</w:t></w:r>', raw=True), head=laughs))
    xxe = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    write_docx(at("external-entity.docx"),
               document(para("Trước") + para('<w:r><w:t>&xxe;</w:t></w:r>', raw=True), head=xxe))
    write_docx(at("no-body.docx"), XML_HEAD + '<w:document xmlns:w="%s"/>' % W)
    write_docx(at("empty.docx"), document(para("") + para("   ")))


if __name__ == "__main__":
    main()
