#!/usr/bin/env python3
"""Write the corpus's Word directive, yen-thanh-ubnd-ct-2023.docx.

    make_corpus_docx.py OUT.docx          # the .docx
    make_corpus_docx.py --txt OUT.txt     # its text, as committed beside it

Chỉ thị số 01/CT-UBND ngày 03/01/2023 of the Ủy ban nhân dân huyện Yên
Thành (Nghệ An), an invented document written for this corpus. Its hand
transcription is yen-thanh-ubnd-ct-2023.expected.yaml.

The .docx is real WordprocessingML, made with the standard library only,
and laid out as Word lays out such a document:

- the header (issuer, national motto, number, place and date) is a
  two-column table without borders, as in every Vietnamese administrative
  document typed from the Nghị định 30/2020/NĐ-CP template;
- the section headings and the duties carry Word's own numbering
  (w:numPr): one list whose level 0 is decimal "%1." (the units) and whose
  level 1 is a bullet "-" (the duties). No number, dash or tab is typed in
  their text;
- some paragraphs are split into several runs (bold parts, the number and
  date of a cited document in runs of their own), as Word leaves them;
- the signature block is a second two-column table, its "Nơi nhận" lines
  typed with "- " (they are not duties).

The output is byte-for-byte reproducible (fixed zip timestamps).
"""

import sys
import zipfile
from xml.sax.saxutils import escape

# ---------------------------------------------------------------------------
# The document. A paragraph is a string, or a list of runs; a run is a
# string or ("b", text) for bold.

HEADER = [
    [["ỦY BAN NHÂN DÂN", [("b", "HUYỆN YÊN THÀNH")]],
     [[("b", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")],
      [("b", "Độc lập - Tự do - Hạnh phúc")]]],
    [[["Số: ", "01/CT-UBND"]],
     [["Yên Thành, ngày 03 tháng 01 năm 2023"]]],
]

TITLE = [[("b", "CHỈ THỊ")],
         [("b", "Về tăng cường công tác lãnh đạo, chỉ đạo tổ chức Tết "
                "Nguyên đán Quý Mão năm 2023")]]

PREAMBLE = [
    "Tết Nguyên đán Quý Mão năm 2023 diễn ra trong bối cảnh kinh tế - xã "
    "hội của huyện đang dần phục hồi sau đại dịch COVID-19, đời sống của "
    "một bộ phận Nhân dân còn nhiều khó khăn. Để Nhân dân trên địa bàn "
    "huyện được đón Tết vui tươi, lành mạnh, an toàn, tiết kiệm, không ai "
    "không có Tết,",
    ["Thực hiện ", "Chỉ thị số 21/CT-TTg ngày 08/12/2022",
     " của Thủ tướng Chính phủ về tổ chức Tết Nguyên đán Quý Mão 2023 và ",
     "Chỉ thị số 25/CT-UBND ngày 15/12/2022",
     " của UBND tỉnh Nghệ An về tăng cường công tác quản lý nhà nước trong "
     "dịp Tết Nguyên đán Quý Mão năm 2023, Chủ tịch Ủy ban nhân dân huyện "
     "yêu cầu:"],
]

# (heading, [duties]): the heading at list level 0, each duty at level 1.
SECTIONS = [
    ("Các phòng, ban chuyên môn thuộc UBND huyện", [
        "Xây dựng kế hoạch cụ thể triển khai thực hiện Chỉ thị này tại cơ "
        "quan, đơn vị, gửi về Văn phòng HĐND và UBND huyện trước ngày "
        "09/01/2023.",
        "Bố trí cán bộ trực Tết, bảo đảm trực 24/24 giờ trong những ngày "
        "nghỉ Tết; gửi lịch trực về Văn phòng HĐND và UBND huyện trước 25 "
        "tháng Chạp.",
        ["Thực hiện nghiêm ", "Chỉ thị số 21/CT-TTg ngày 08/12/2022",
         " của Thủ tướng Chính phủ: không tổ chức đi thăm, chúc Tết cấp "
         "trên; không dùng ngân sách nhà nước, phương tiện, tài sản công "
         "trái quy định."],
        "Tổ chức ra quân làm việc ngay sau kỳ nghỉ Tết, không để ảnh hưởng "
        "đến việc giải quyết thủ tục hành chính cho người dân, doanh "
        "nghiệp.",
    ]),
    ("Phòng Tài chính - Kế hoạch", [
        ["Tham mưu UBND huyện bố trí kinh phí thăm hỏi, tặng quà gia đình "
         "chính sách, hộ nghèo, hộ cận nghèo dịp Tết theo ",
         "Nghị quyết số 12/2022/NQ-HĐND ngày 09/12/2022",
         " của HĐND tỉnh Nghệ An, hoàn thành trước ngày 13/01/2023."],
        "Chủ trì, phối hợp với Phòng Văn hóa và Thông tin và Công an huyện "
        "kiểm tra, kiểm soát thị trường, giá cả, phòng, chống buôn lậu, "
        "gian lận thương mại và hàng giả trước, trong và sau Tết.",
        ["Hướng dẫn các xã, thị trấn thực hiện khóa sổ, quyết toán ngân "
         "sách năm 2022 theo ", "Thông tư số 137/2017/TT-BTC ngày 25/12/2017",
         " của Bộ Tài chính quy định xét duyệt, thẩm định, thông báo và tổng "
         "hợp quyết toán năm; hoàn thành trong tháng 02/2023."],
    ]),
    ("Phòng Nội vụ", [
        ["Tham mưu Chủ tịch UBND huyện thông báo lịch nghỉ Tết Nguyên đán "
         "Quý Mão năm 2023 đối với cán bộ, công chức, viên chức theo ",
         "Thông báo số 5169/TB-LĐTBXH ngày 25/11/2022",
         " của Bộ Lao động - Thương binh và Xã hội."],
        "Phối hợp với Văn phòng HĐND và UBND huyện kiểm tra việc chấp hành "
        "kỷ luật, kỷ cương hành chính tại các cơ quan, đơn vị trong ngày làm "
        "việc đầu tiên sau Tết; tổng hợp kết quả báo cáo Chủ tịch UBND "
        "huyện xong trước mùng 10 tháng Giêng.",
        "Tổng hợp, tham mưu khen thưởng tập thể, cá nhân có thành tích "
        "trong công tác phục vụ Tết; hoàn thành trong quý I/2023.",
    ]),
    ("Phòng Văn hóa và Thông tin", [
        "Tổ chức trang trí, tuyên truyền cổ động trực quan mừng Đảng, mừng "
        "Xuân tại trung tâm huyện, hoàn thành trước ngày 15/01/2023.",
        ["Chủ trì tổ chức các hoạt động văn hóa, văn nghệ, thể dục thể thao "
         "mừng Xuân Quý Mão bảo đảm an toàn, tiết kiệm; quản lý chặt chẽ "
         "hoạt động lễ hội đầu xuân theo ",
         "Nghị định số 110/2018/NĐ-CP ngày 29/8/2018",
         " của Chính phủ quy định về quản lý và tổ chức lễ hội."],
        "Phối hợp với Văn phòng HĐND và UBND huyện cập nhật kịp thời thông "
        "tin về tình hình Tết trên Cổng thông tin điện tử huyện.",
    ]),
    ("Văn phòng HĐND và UBND huyện", [
        "Tham mưu Chủ tịch UBND huyện phân công lãnh đạo trực Tết, thăm và "
        "chúc Tết các đơn vị, gia đình chính sách; hoàn thành trước Tết.",
        "Chuẩn bị các điều kiện tổ chức gặp mặt đầu Xuân, ra quân đầu năm "
        "của UBND huyện, xong trước mùng 6 Tết.",
        "Theo dõi, đôn đốc việc thực hiện Chỉ thị này; tổng hợp báo cáo "
        "UBND tỉnh (qua Văn phòng UBND tỉnh) kết quả tổ chức Tết trên địa "
        "bàn huyện trước ngày 03/02/2023.",
    ]),
]

CLOSING = [
    "Chủ tịch UBND huyện yêu cầu Thủ trưởng các phòng, ban chuyên môn "
    "thuộc UBND huyện, Chủ tịch UBND các xã, thị trấn nghiêm túc triển "
    "khai thực hiện Chỉ thị này./.",
]

SIGNATURE = [
    [[[("b", "Nơi nhận:")], "- UBND tỉnh (để b/c);",
      "- TT Huyện ủy, TT HĐND huyện (để b/c);",
      "- Các phòng, ban chuyên môn thuộc UBND huyện;",
      "- UBND các xã, thị trấn;", "- Lưu: VT, VP."],
     [[("b", "CHỦ TỊCH")], "(Đã ký)", [("b", "Nguyễn Đình Thanh")]]],
]

# ---------------------------------------------------------------------------
# WordprocessingML.

W = ("xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
     "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
     "relationships\"")
NUM_ID = 1


def runs(par):
    if isinstance(par, str):
        par = [par]
    out = []
    for r in par:
        bold = isinstance(r, tuple)
        text = r[1] if bold else r
        rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
        out.append(f"<w:r>{rpr}<w:t xml:space=\"preserve\">"
                   f"{escape(text)}</w:t></w:r>")
    return "".join(out)


def para(par, jc=None, level=None, indent=True):
    ppr = []
    if level is not None:
        ppr.append(f"<w:numPr><w:ilvl w:val=\"{level}\"/>"
                   f"<w:numId w:val=\"{NUM_ID}\"/></w:numPr>")
    ppr.append("<w:spacing w:before=\"60\" w:after=\"60\"/>")
    if level is None and indent and jc is None:
        ppr.append("<w:ind w:firstLine=\"567\"/>")
    if jc:
        ppr.append(f"<w:jc w:val=\"{jc}\"/>")
    return f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>{runs(par)}</w:p>"


def table(rows, jcs=("center", "center")):
    none = "".join(f"<w:{s} w:val=\"nil\"/>" for s in
                   ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = ["<w:tbl><w:tblPr><w:tblW w:w=\"9639\" w:type=\"dxa\"/>"
           f"<w:tblBorders>{none}</w:tblBorders></w:tblPr>"
           "<w:tblGrid><w:gridCol w:w=\"3969\"/><w:gridCol w:w=\"5670\"/>"
           "</w:tblGrid>"]
    for row in rows:
        out.append("<w:tr>")
        for i, cell in enumerate(row):
            w = 3969 if i == 0 else 5670
            out.append(f"<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>"
                       "</w:tcPr>")
            out.extend(para(p, jc=jcs[i]) for p in cell)
            out.append("</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def document_xml():
    body = [table(HEADER)]
    body.extend(para(p, jc="center") for p in TITLE)
    body.extend(para(p) for p in PREAMBLE)
    for heading, duties in SECTIONS:
        body.append(para([("b", heading)], level=0))
        body.extend(para(d, level=1) for d in duties)
    body.extend(para(p) for p in CLOSING)
    body.append(table(SIGNATURE, jcs=("left", "center")))
    body.append("<w:p/>")  # Word ends a body with a paragraph, not a table
    sect = ("<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
            "<w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" "
            "w:left=\"1701\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/>"
            "</w:sectPr>")
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            f"<w:document {W}><w:body>{''.join(body)}{sect}</w:body>"
            "</w:document>")


NUMBERING = (
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    f"<w:numbering {W}>"
    "<w:abstractNum w:abstractNumId=\"0\">"
    "<w:multiLevelType w:val=\"hybridMultilevel\"/>"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
    "<w:lvlText w:val=\"%1.\"/><w:lvlJc w:val=\"left\"/>"
    "<w:pPr><w:ind w:left=\"927\" w:hanging=\"360\"/></w:pPr>"
    "<w:rPr><w:b/></w:rPr></w:lvl>"
    "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/>"
    "<w:lvlText w:val=\"-\"/><w:lvlJc w:val=\"left\"/>"
    "<w:pPr><w:ind w:left=\"927\" w:hanging=\"360\"/></w:pPr>"
    "<w:rPr><w:rFonts w:ascii=\"Times New Roman\" "
    "w:hAnsi=\"Times New Roman\"/></w:rPr></w:lvl>"
    "</w:abstractNum>"
    f"<w:num w:numId=\"{NUM_ID}\"><w:abstractNumId w:val=\"0\"/></w:num>"
    "</w:numbering>")

STYLES = (
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    f"<w:styles {W}><w:docDefaults><w:rPrDefault><w:rPr>"
    "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
    "w:cs=\"Times New Roman\"/><w:sz w:val=\"28\"/><w:lang w:val=\"vi-VN\"/>"
    "</w:rPr></w:rPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
    "<w:name w:val=\"Normal\"/><w:pPr><w:jc w:val=\"both\"/></w:pPr>"
    "</w:style></w:styles>")

CONTENT_TYPES = (
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/"
    "vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/numbering.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "</Types>")

RELS = (
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/></Relationships>")

DOC_RELS = (
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>")


def write_docx(path):
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", document_xml()),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/numbering.xml", NUMBERING),
        ("word/styles.xml", STYLES),
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(2023, 1, 3, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


# ---------------------------------------------------------------------------
# The same document as text: what Word shows, with the numbering rendered
# ("1. ", "- ") and a table row's cells joined by a tab, line by line.

def plain(par):
    if isinstance(par, str):
        return par
    return "".join(r[1] if isinstance(r, tuple) else r for r in par)


def table_text(rows):
    lines = []
    for row in rows:
        cells = [[plain(p) for p in cell] for cell in row]
        for i in range(max(len(c) for c in cells)):
            lines.append("\t".join(c[i] if i < len(c) else ""
                                   for c in cells).rstrip("\t"))
    return lines


def text():
    lines = table_text(HEADER) + [""]
    lines += [plain(p) for p in TITLE] + [""]
    lines += [plain(p) for p in PREAMBLE] + [""]
    for n, (heading, duties) in enumerate(SECTIONS, 1):
        lines.append(f"{n}. {heading}")
        lines += ["- " + plain(d) for d in duties]
    lines += [""] + [plain(p) for p in CLOSING] + [""]
    lines += table_text(SIGNATURE)
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) == 3 and argv[1] == "--txt":
        with open(argv[2], "w", encoding="utf-8", newline="\n") as f:
            f.write(text())
    elif len(argv) == 2 and not argv[1].startswith("-"):
        write_docx(argv[1])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
