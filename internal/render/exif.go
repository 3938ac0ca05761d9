package render

import (
	"bytes"
	"encoding/binary"
)

// jpegOrientation returns the EXIF orientation (1–8) of a JPEG file, or 1
// when it has none or the metadata is malformed. Phones store photos as the
// sensor saw them and record the turn here; since re-encoding drops the
// metadata, the turn must be applied to the pixels.
func jpegOrientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return 1
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return 1
		}
		marker := data[i+1]
		switch {
		case marker == 0xFF: // fill byte before a marker
			i++
			continue
		case marker == 0xDA || marker == 0xD9: // image data or end: no metadata follows
			return 1
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return 1
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

// tiffOrientation reads the Orientation tag (0x0112) from the first IFD of
// the TIFF structure inside an Exif segment.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	ifd := int64(order.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > int64(len(t)) {
		return 1
	}
	entries := int(order.Uint16(t[ifd:]))
	for e := int(ifd) + 2; entries > 0 && e+12 <= len(t); e, entries = e+12, entries-1 {
		const tagOrientation, typeShort = 0x0112, 3
		if order.Uint16(t[e:]) == tagOrientation && order.Uint16(t[e+2:]) == typeShort {
			if o := int(order.Uint16(t[e+8:])); o >= 1 && o <= 8 {
				return o
			}
			return 1
		}
	}
	return 1
}
