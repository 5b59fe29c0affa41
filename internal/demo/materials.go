package demo

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/png"
	"strings"

	"tuoyu/internal/domain"
)

// materialInfo names a material type: the file name a director would
// upload and the title printed on the generated document, both in Chinese.
type materialInfo struct {
	Filename string
	Title    string
}

var materialInfos = map[string]materialInfo{
	domain.MaterialLicence:     {"营业执照", "营业执照（法人登记证书）"},
	domain.MaterialPremises:    {"场地证明及平面图", "场地证明及平面图"},
	domain.MaterialStaff:       {"工作人员资格及健康证明", "工作人员资格证书及健康合格证明"},
	domain.MaterialHealthEval:  {"卫生评价报告", "托育机构卫生评价报告（合格）"},
	domain.MaterialFireSafety:  {"消防安全检查合格证明", "消防安全检查合格证明"},
	domain.MaterialFoodLicence: {"食品经营许可证", "食品经营许可证"},
	domain.MaterialOther:       {"其他材料", "其他证明材料"},
}

// material is one generated scan: a small valid PDF or PNG.
type material struct {
	Type     string
	Filename string
	Content  []byte
}

// newMaterial generates the scan of a material type for an institution.
// lines are the facts printed under the title (the credit code, the
// filing version, the issue date), in Chinese.
func newMaterial(materialType string, asPNG bool, lines []string) (material, error) {
	info, ok := materialInfos[materialType]
	if !ok {
		return material{}, fmt.Errorf("demo: unknown material type %q", materialType)
	}
	if asPNG {
		b, err := pngDocument(info.Title + "\n" + strings.Join(lines, "\n"))
		return material{Type: materialType, Filename: info.Filename + ".png", Content: b}, err
	}
	return material{Type: materialType, Filename: info.Filename + ".pdf", Content: pdfDocument(info.Title, lines)}, nil
}

// pdfDocument writes a one-page A4 PDF 1.4 file with a title and lines of
// text, with a correct cross-reference table so any viewer opens it. The
// text is set in STSong-Light, one of the standard Chinese fonts every PDF
// viewer supplies (Adobe-GB1, encoding UniGB-UCS2-H), so Chinese shows
// without embedding a font.
func pdfDocument(title string, lines []string) []byte {
	var content bytes.Buffer
	content.WriteString("0.85 0.35 0.2 RG 2 w 56 790 m 539 790 l S\n")
	fmt.Fprintf(&content, "BT /F1 16 Tf 56 800 Td %s Tj ET\n", pdfText(title))
	y := 760
	for _, l := range lines {
		fmt.Fprintf(&content, "BT /F1 11 Tf 56 %d Td %s Tj ET\n", y, pdfText(l))
		y -= 18
	}
	content.WriteString("0.6 g 56 120 483 1 re f\n")
	fmt.Fprintf(&content, "BT /F1 9 Tf 56 104 Td %s Tj ET\n", pdfText("演示用生成文件，不是真实证明。"))

	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [7 0 R] >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
		fmt.Sprintf("<< /Title %s /Producer (Tuoyu demo generator) >>", pdfInfoText(title)),
		"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 8 0 R /DW 1000 /W [1 95 500] >>",
		"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f\r\n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n\r\n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// pdfText is text as a hex string of UCS-2 code units (big-endian), as the
// UniGB-UCS2-H encoding reads them; characters outside the BMP become '?'.
func pdfText(s string) string {
	var b strings.Builder
	b.WriteByte('<')
	for _, r := range s {
		if r > 0xffff {
			r = '?'
		}
		fmt.Fprintf(&b, "%04X", r)
	}
	b.WriteByte('>')
	return b.String()
}

// pdfInfoText is text for the document information dictionary: UTF-16BE
// with its byte order mark, as a hex string (PDF 1.4 §3.8.1).
func pdfInfoText(s string) string {
	return "<FEFF" + pdfText(s)[1:]
}

// pngDocument draws a small picture of a document: a coloured header, lines
// standing for text and a framed box for a plan or photo. The layout varies
// with the text so different documents look different.
func pngDocument(text string) ([]byte, error) {
	h := fnv.New64a()
	h.Write([]byte(text))
	v := h.Sum64()
	accent := color.RGBA{R: uint8(120 + v%100), G: uint8(60 + (v>>8)%80), B: uint8(40 + (v>>16)%120), A: 255}
	palette := color.Palette{color.White, color.RGBA{R: 205, G: 205, B: 205, A: 255}, color.RGBA{R: 90, G: 90, B: 90, A: 255}, accent}
	const w, ht = 160, 120
	img := image.NewPaletted(image.Rect(0, 0, w, ht), palette)
	fill := func(x0, y0, x1, y1 int, c uint8) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.SetColorIndex(x, y, c)
			}
		}
	}
	fill(0, 0, w, 14, 3)
	lines := 3 + int(v>>24)%4
	for i := 0; i < lines; i++ {
		length := 60 + int(v>>(28+i*3))%80
		fill(8, 22+i*8, 8+length, 25+i*8, 1)
	}
	top := 26 + lines*8
	fill(8, top, w-8, top+2, 2)
	fill(8, ht-10, w-8, ht-8, 2)
	fill(8, top, 10, ht-8, 2)
	fill(w-10, top, w-8, ht-8, 2)
	rooms := 2 + int(v>>40)%3
	for i := 1; i < rooms; i++ {
		x := 8 + i*(w-16)/rooms
		fill(x, top, x+1, ht-8, 2)
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
